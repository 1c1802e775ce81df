import { useState } from 'react';
import type { Catalog } from '../../core/catalog';
import { ModelSpec, modelSpecProblems } from '../../core/model/schema';
import { paramCounts, weightBytes } from '../../core/model/weights';
import { customCatalogStore } from '../../catalog/use-catalog';
import { parseJsonText } from '../../core/json-text';
import { EntryOptions } from '../../components/entry-options';
import { enNumber } from '../../core/en-number';

/** Validates a model spec (JSON) and saves it as a custom model. */
export async function saveCustomModel(
  json: unknown,
  shippedIds: ReadonlySet<string>,
): Promise<{ ok: true; message: string } | { ok: false; errors: string[] }> {
  const parsed = ModelSpec.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'model'}: ${i.message}`),
    };
  const problems = modelSpecProblems(parsed.data);
  if (problems.length) return { ok: false, errors: problems };
  if (shippedIds.has(parsed.data.id))
    return {
      ok: false,
      errors: [`id "${parsed.data.id}" belongs to a catalog model: choose another`],
    };
  const r = await customCatalogStore().putModel(parsed.data);
  if (!r.ok) return { ok: false, errors: [r.reason] };
  const p = paramCounts(parsed.data);
  return {
    ok: true,
    message: `Saved ${parsed.data.name}: ${(p.totalWithMtp / 1e9).toFixed(1)} B parameters, ${enNumber(weightBytes(parsed.data, 'native').totalBytes)} B checkpoint.`,
  };
}

export function ModelEditor({
  catalog,
  shippedIds,
}: {
  catalog: Catalog;
  shippedIds: ReadonlySet<string>;
}) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ ok: boolean; lines: string[] } | null>(null);
  return (
    <section className="panel" aria-labelledby="model-editor-title">
      <h2 id="model-editor-title">Custom model</h2>
      <p>
        Start from a catalog model, edit any field of its spec (JSON), and save it under a new id:
        it appears in every view and travels inside shared links.
      </p>
      <label>
        Start from{' '}
        <select
          value=""
          onChange={(e) => {
            const m = catalog.models.get(e.target.value);
            if (m)
              setText(
                JSON.stringify({ ...m, id: `${m.id}-custom`, name: `${m.name} (custom)` }, null, 2),
              );
          }}
        >
          <option value="">choose a model…</option>
          <EntryOptions of={catalog.models} />
        </select>
      </label>
      <label className="block">
        Model spec (JSON)
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={12}
          spellCheck={false}
        />
      </label>
      <button
        type="button"
        onClick={() => {
          const json = parseJsonText(text);
          if ('error' in json) {
            setResult({ ok: false, lines: [`not valid JSON: ${json.error}`] });
            return;
          }
          void saveCustomModel(json.value, shippedIds).then((r) =>
            setResult(r.ok ? { ok: true, lines: [r.message] } : { ok: false, lines: r.errors }),
          );
        }}
      >
        Validate and save
      </button>
      {result ? (
        <ul
          role={result.ok ? 'status' : 'alert'}
          className={result.ok ? 'ok-list' : 'error-list'}
          data-testid="model-editor-result"
        >
          {result.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
