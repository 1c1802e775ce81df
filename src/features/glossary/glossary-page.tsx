import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { GLOSSARY } from '../../glossary/terms';

/** Every abbreviation the views use, each with an anchor (/glossary#tp) the "?" buttons link to. */
export function GlossaryPage() {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash]);
  return (
    <section className="panel glossary">
      <h1>Glossary</h1>
      <p className="panel-note">
        The terms of LLM serving this app uses, in its own sense. Every “?” beside a term opens its
        entry.
      </p>
      <dl>
        {GLOSSARY.map((t) => (
          <div key={t.id} id={t.id} className="glossary-entry" tabIndex={-1}>
            <dt>
              <strong>{t.term}</strong> <span className="source">— {t.expansion}</span>
            </dt>
            <dd>{t.definition}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
