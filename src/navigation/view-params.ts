/**
 * Each view declares its URL state once as a map of parsers; the same map reads the URL and names
 * what it could not use (shown by LinkNotice, as the Planner does for its scenario codec).
 */
import type { IgnoredParam } from '../core/scenario/url-codec';
import { enNumber } from '../core/en-number';

export interface Param<T> {
  fallback: T;
  /** The value, or why the text cannot be one. */
  parse: (text: string) => { value: T } | { invalid: string };
}

/** A number in [min, max], whole when `integer`. */
function rangeParam(min: number, max: number, fallback: number, integer: boolean): Param<number> {
  const span = `from ${enNumber(min)} to ${enNumber(max)}`;
  return {
    fallback,
    parse: (t) => {
      const n = Number(t);
      const ok = t.trim() !== '' && Number.isFinite(n) && n >= min && n <= max;
      return ok && (!integer || Number.isInteger(n))
        ? { value: n }
        : { invalid: integer ? `not a whole number ${span}` : `not a number ${span}` };
    },
  };
}

export const intParam = (min: number, max: number, fallback: number): Param<number> =>
  rangeParam(min, max, fallback, true);

export const numberParam = (min: number, max: number, fallback: number): Param<number> =>
  rangeParam(min, max, fallback, false);

export const oneOfParam = <T extends string>(options: readonly T[], fallback: T): Param<T> => ({
  fallback,
  parse: (t) =>
    (options as readonly string[]).includes(t)
      ? { value: t as T }
      : { invalid: `not one of ${options.join(', ')}` },
});

/** '1' or '0'. */
export const flagParam = (fallback: boolean): Param<boolean> => ({
  fallback,
  parse: (t) =>
    t === '1' ? { value: true } : t === '0' ? { value: false } : { invalid: 'not 1 or 0' },
});

/** An id the catalog knows. */
export const idParam = (
  known: { has: (id: string) => boolean },
  fallback: string,
  what: string,
): Param<string> => ({
  fallback,
  parse: (t) => (known.has(t) ? { value: t } : { invalid: `no ${what} with this id` }),
});

export type ParamValues<S extends Record<string, Param<unknown>>> = {
  [K in keyof S]: S[K] extends Param<infer T> ? T : never;
};

/**
 * The view's state from its URL: each declared key parsed (its fallback when absent or invalid),
 * and every key it could not use with the reason. `v` (the link version) is always understood.
 */
export function readViewParams<S extends Record<string, Param<unknown>>>(
  specs: S,
  params: URLSearchParams,
): { values: ParamValues<S>; ignored: IgnoredParam[] } {
  const values = {} as Record<string, unknown>;
  const ignored: IgnoredParam[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    const text = params.get(key);
    if (text === null) {
      values[key] = spec.fallback;
      continue;
    }
    const r = spec.parse(text);
    if ('value' in r) values[key] = r.value;
    else {
      values[key] = spec.fallback;
      ignored.push({ key, value: text, reason: r.invalid });
    }
  }
  for (const key of new Set(params.keys()))
    if (key !== 'v' && !Object.hasOwn(specs, key))
      ignored.push({ key, value: params.get(key) ?? '', reason: 'not a setting of this view' });
  return { values: values as ParamValues<S>, ignored };
}
