import { useState } from 'react';
import type { WriteResult } from '../state/storage';
import type { AsideCopy } from '../state/versioned-store';
import { downloadText } from './csv';
import { enNumber } from '../core/en-number';

interface Store {
  dismissProblems(): void;
  asideText(key: string): string | null;
  discardAside(key: string): Promise<WriteResult>;
}

const sizeText = (chars: number) =>
  chars < 1000 ? `${chars} B` : `${enNumber(chars / 1000, { maximumFractionDigits: 1 })} KB`;

/**
 * What a store could not read, and every copy it kept aside, each with Export (the exact text, as
 * a file) and Delete. The messages can be dismissed; the copies stay listed until the user acts.
 */
export function StorageProblems({
  title,
  problems,
  asides,
  store,
  testId,
}: {
  title: string;
  problems: readonly string[];
  asides: readonly AsideCopy[];
  store: Store;
  testId: string;
}) {
  const [message, setMessage] = useState<string | null>(null);
  if (!problems.length && !asides.length && !message) return null;
  return (
    <div className="notice" role={problems.length ? 'alert' : undefined} data-testid={testId}>
      <h2>{title}</h2>
      {problems.length ? (
        <>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <button type="button" onClick={() => store.dismissProblems()}>
            Dismiss
          </button>
        </>
      ) : null}
      {asides.length ? (
        <>
          <p>
            Unreadable data kept aside in this browser’s storage. Export it to keep it as a file;
            delete it to free the space.
          </p>
          <ul data-testid={`${testId}-asides`}>
            {asides.map((a) => (
              <li key={a.key}>
                <code>{a.key}</code> ({sizeText(a.chars)}){' '}
                <button
                  type="button"
                  aria-label={`Export ${a.key}`}
                  onClick={() => {
                    const text = store.asideText(a.key);
                    if (text === null) setMessage(`${a.key} is no longer in storage.`);
                    else downloadText(`${a.key}.json`, text, 'application/json');
                  }}
                >
                  Export
                </button>{' '}
                <button
                  type="button"
                  aria-label={`Delete ${a.key}`}
                  onClick={() => {
                    if (
                      !window.confirm(`Delete ${a.key} for good? Export it first to keep a copy.`)
                    )
                      return;
                    void store
                      .discardAside(a.key)
                      .then((r) =>
                        setMessage(r.ok ? `Deleted ${a.key}.` : `Could not delete: ${r.reason}.`),
                      );
                  }}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
    </div>
  );
}
