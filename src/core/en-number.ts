/**
 * Numbers in US English (8,192; 0.25; 1,234.6), as Intl.NumberFormat('en-US') writes them for
 * the options the app uses, without Intl: the first Intl formatter a page makes loads the ICU
 * number data, a tenth of a second of a phone's main thread before the first figure shows, and
 * Number.prototype.toLocaleString builds a formatter on every call.
 */
export interface EnNumberOptions {
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
  minimumSignificantDigits?: number;
  maximumSignificantDigits?: number;
}

/** Thousands separators in the integer part of a plain decimal string. */
function group(digits: string): string {
  const [int, frac] = digits.split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** v > 0 as its shortest round-trip decimal digits: value = 0.d1d2… × 10^point. */
function shortest(v: number): { digits: string; point: number } {
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), point: Number(exponent) + 1 };
}

/** The first `keep` digits, rounded half away from zero on the decimal digits (as Intl does). */
function roundDigits(
  digits: string,
  point: number,
  keep: number,
): { digits: string; point: number } {
  if (keep >= digits.length) return { digits, point };
  if (keep < 0) return { digits: '0', point: 1 };
  const up = digits.charCodeAt(keep) - 48 >= 5;
  let kept = digits.slice(0, keep);
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === '9') i--;
    if (i < 0) return { digits: '1', point: point + 1 };
    kept =
      kept.slice(0, i) +
      String.fromCharCode(kept.charCodeAt(i) + 1) +
      '0'.repeat(kept.length - i - 1);
  }
  return kept === '' ? { digits: '0', point: 1 } : { digits: kept, point };
}

/** 0.digits × 10^point written out with exactly `decimals` decimals. */
function plain(digits: string, point: number, decimals: number): string {
  const all = point > 0 ? digits.padEnd(point, '0') : '0'.repeat(1 - point) + digits;
  const intLen = Math.max(1, point);
  const int = all.slice(0, intLen).replace(/^0+(?=\d)/, '');
  const frac = all.slice(intLen).padEnd(decimals, '0').slice(0, decimals);
  return decimals > 0 ? `${int}.${frac}` : int;
}

/** Drops trailing fraction zeros beyond `keep` decimals. */
function trimZeros(s: string, keep: number): string {
  const dot = s.indexOf('.');
  if (dot < 0) return s;
  let end = s.length;
  while (end > dot + 1 + keep && s[end - 1] === '0') end--;
  return end === dot + 1 ? s.slice(0, dot) : s.slice(0, end);
}

export function enNumber(n: number, options: EnNumberOptions = {}): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  const v = Math.abs(n);
  const significant =
    options.maximumSignificantDigits !== undefined ||
    options.minimumSignificantDigits !== undefined;
  let body: string;
  if (v === 0) {
    const zeros = significant
      ? (options.minimumSignificantDigits ?? 1) - 1
      : (options.minimumFractionDigits ?? 0);
    body = zeros > 0 ? `0.${'0'.repeat(zeros)}` : '0';
  } else if (significant) {
    const max = options.maximumSignificantDigits ?? 21;
    const min = options.minimumSignificantDigits ?? 1;
    const s = shortest(v);
    const r = roundDigits(s.digits, s.point, max);
    body = trimZeros(
      plain(r.digits, r.point, Math.max(0, max - r.point)),
      Math.max(0, min - r.point),
    );
  } else {
    const min = options.minimumFractionDigits ?? 0;
    const max = Math.max(min, options.maximumFractionDigits ?? Math.max(min, 3));
    const s = shortest(v);
    const r = roundDigits(s.digits, s.point, s.point + max);
    body = trimZeros(plain(r.digits, r.point, max), min);
  }
  const negative = n < 0 && /[1-9]/.test(body);
  return (negative ? '-' : '') + group(body);
}
