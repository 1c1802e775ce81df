import { useState } from 'react';
import type { HfImport } from '../../core/model/hf-import';
import { importHfConfig } from '../../core/model/hf-import';
import { ModelSpec } from '../../core/model/schema';
import { parseJsonText } from '../../core/json-text';
import { paramCounts, weightBytes } from '../../core/model/weights';
import { saveCustomModel } from './model-editor';
import { JsonFileButton } from '../../components/json-file-button';
import { enNumber } from '../../core/en-number';

const MAX_CONFIG_BYTES = 1_000_000;

/** Import a Hugging Face config.json (pasted or from a file): report, ask, preview, save. */
export function HfImportPanel({ shippedIds }: { shippedIds: ReadonlySet<string> }) {
  const [text, setText] = useState('');
  const [id, setId] = useState('my-model');
  const [name, setName] = useState('My model');
  const [overrides, setOverrides] = useState<Record<string, number>>({});
  const [result, setResult] = useState<HfImport | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const run = (raw: string, extra = overrides) => {
    setMessage(null);
    if (raw.length > MAX_CONFIG_BYTES)
      return setMessage(`The file is larger than ${MAX_CONFIG_BYTES / 1e6} MB.`);
    const json = parseJsonText(raw);
    if ('error' in json) {
      setResult(null);
      return setMessage(`Not valid JSON: ${json.error}`);
    }
    setResult(importHfConfig(json.value, { id, name }, extra));
  };
  const spec = result?.spec ? ModelSpec.safeParse(result.spec) : null;
  return (
    <section className="panel" aria-labelledby="hf-title">
      <h2 id="hf-title">Import a Hugging Face config.json</h2>
      <p>
        DeepSeek-V3/R1, V3.2 and V4, Kimi K2, Qwen3 MoE, Llama, gpt-oss, GLM MoE and MiniMax-M2
        configs. Fields the importer does not know are listed; required ones that are missing are
        asked for; nothing is guessed silently.
      </p>
      <div className="hf-meta">
        <label>
          Id <input value={id} onChange={(e) => setId(e.target.value)} />
        </label>
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <JsonFileButton
          label="Load a file…"
          maxBytes={MAX_CONFIG_BYTES}
          onTooLarge={() => setMessage(`The file is larger than ${MAX_CONFIG_BYTES / 1e6} MB.`)}
          onError={(m) => setMessage(`The file could not be read: ${m}`)}
          onText={(t) => {
            setText(t);
            run(t);
          }}
        />
      </div>
      <label className="block">
        config.json
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={8}
          spellCheck={false}
          placeholder='{"model_type": "deepseek_v4", ...}'
        />
      </label>
      <button type="button" onClick={() => run(text)}>
        Read the config
      </button>
      {message ? <p role="alert">{message}</p> : null}
      {result ? (
        <div className="hf-result" data-testid="hf-result">
          <p>
            Family: <strong>{result.family}</strong>
          </p>
          {result.errors.length ? (
            <ul className="error-list" role="alert">
              {result.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
          {result.unknown.length ? (
            <p>
              Fields not used (unknown to the importer):{' '}
              {result.unknown.map((u) => (
                <code key={u}>{u} </code>
              ))}
            </p>
          ) : null}
          {result.assumptions.length ? (
            <ul>
              {result.assumptions.map((a) => (
                <li key={a}>Assumed: {a}</li>
              ))}
            </ul>
          ) : null}
          {result.missing.length ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                run(text, overrides);
              }}
            >
              <p role="alert">The config lacks required fields; please give them:</p>
              {result.missing.map((m) => (
                <label key={m.field}>
                  <code>{m.field}</code> ({m.description}){' '}
                  <input
                    type="number"
                    min={0}
                    step={1}
                    required
                    onChange={(e) =>
                      setOverrides({ ...overrides, [m.field]: Number(e.target.value) })
                    }
                  />
                </label>
              ))}
              <button type="submit">Apply</button>
            </form>
          ) : null}
          {spec?.success ? (
            <>
              <p data-testid="hf-preview">
                {(paramCounts(spec.data).totalWithMtp / 1e9).toFixed(2)} B parameters (
                {(paramCounts(spec.data).activated / 1e9).toFixed(2)} B activated), checkpoint{' '}
                {enNumber(weightBytes(spec.data, 'native').totalBytes)} B
              </p>
              <button
                type="button"
                onClick={() =>
                  void saveCustomModel(spec.data, shippedIds).then((r) =>
                    setMessage(r.ok ? r.message : r.errors.join('; ')),
                  )
                }
              >
                Save as a custom model
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
