import { useState } from 'react';
import type { IgnoredParam } from '../core/scenario/url-codec';

/**
 * Tells the user what a link held that could not be used, and why; the rest of the link applies.
 * Every view shows it for its own URL state; dismissed, it stays away until the link changes.
 */
export function LinkNotice({
  ignored,
  newerVersion = false,
  search,
}: {
  ignored: readonly IgnoredParam[];
  newerVersion?: boolean;
  /** The query the notice is about: a new one shows the notice again. */
  search: string;
}) {
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  if (dismissedFor === search || (ignored.length === 0 && !newerVersion)) return null;
  return (
    <section className="notice" role="status" aria-live="polite" data-testid="link-notice">
      <h2>Some of this link was not used</h2>
      {newerVersion ? (
        <p>
          This link was made by a newer version of Token Factory; it was read as far as this version
          understands it.
        </p>
      ) : null}
      {ignored.length ? (
        <ul>
          {ignored.map((i, n) => (
            <li key={`${i.key}-${n}`}>
              <code>{i.key}</code>
              {i.value ? (
                <>
                  {' = '}
                  <code>{i.value.length > 40 ? `${i.value.slice(0, 40)}…` : i.value}</code>
                </>
              ) : null}
              : {i.reason}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" onClick={() => setDismissedFor(search)}>
        Dismiss
      </button>
    </section>
  );
}
