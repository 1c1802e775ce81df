import { useState } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** What a view shows instead of a blank page when it fails: the error and a diagnostic link. */
export function ViewError() {
  const error = useRouteError();
  const [copied, setCopied] = useState(false);
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  const diagnostic = `${window.location.href}\n\nError: ${message}\nUser agent: ${navigator.userAgent}`;
  return (
    <section className="panel" role="alert" data-testid="view-error">
      <h1>This view failed</h1>
      <p>
        Something went wrong while showing this page: <code>{message}</code>. The rest of the app
        still works.
      </p>
      <p>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(diagnostic).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy a diagnostic link
        </button>{' '}
        {copied ? <span role="status">Copied.</span> : null}{' '}
        <Link to="/plan">Open the Planner</Link>
      </p>
    </section>
  );
}
