import { useState } from 'react';
import type { Catalog } from '../../core/catalog';
import type { HardwareSpec } from '../../core/hardware/schema';
import { HardwareSpec as HardwareSchema } from '../../core/hardware/schema';
import { customCatalogStore } from '../../catalog/use-catalog';
import { EntryOptions } from '../../components/entry-options';

type Field = {
  key: string;
  label: string;
  unit: string;
  get: (h: HardwareSpec) => number | null;
  set: (h: HardwareSpec, v: number | null) => HardwareSpec;
  optional?: boolean;
};
const T = 1e12;
/** Dense TFLOPS at a precision the accelerator may lack (empty: no such tensor cores). */
function optionalDenseFlops(precision: 'fp4' | 'fp8'): Field {
  return {
    key: precision,
    label: `Dense ${precision.toUpperCase()}`,
    unit: 'TFLOPS',
    optional: true,
    get: (h) => {
      const flops = h.denseFlopsPerSec[precision];
      return flops === null || flops === undefined ? null : flops / T;
    },
    set: (h, v) => ({
      ...h,
      denseFlopsPerSec: { ...h.denseFlopsPerSec, [precision]: v === null ? null : v * T },
    }),
  };
}
const FIELDS: Field[] = [
  {
    key: 'mem',
    label: 'Memory',
    unit: 'GiB',
    get: (h) => h.memoryGiB,
    set: (h, v) => ({ ...h, memoryGiB: v ?? 0 }),
  },
  {
    key: 'bw',
    label: 'Memory bandwidth',
    unit: 'TB/s',
    get: (h) => h.memBandwidthBytesPerSec / T,
    set: (h, v) => ({ ...h, memBandwidthBytesPerSec: (v ?? 0) * T }),
  },
  optionalDenseFlops('fp4'),
  optionalDenseFlops('fp8'),
  {
    key: 'bf16',
    label: 'Dense BF16',
    unit: 'TFLOPS',
    get: (h) => h.denseFlopsPerSec.bf16 / T,
    set: (h, v) => ({ ...h, denseFlopsPerSec: { ...h.denseFlopsPerSec, bf16: (v ?? 0) * T } }),
  },
  {
    key: 'up',
    label: 'Scale-up per GPU (one way)',
    unit: 'GB/s',
    get: (h) => h.scaleUp.bytesPerSecPerGpu / 1e9,
    set: (h, v) => ({ ...h, scaleUp: { ...h.scaleUp, bytesPerSecPerGpu: (v ?? 0) * 1e9 } }),
  },
  {
    key: 'dom',
    label: 'Scale-up domain',
    unit: 'GPUs',
    get: (h) => h.scaleUp.domainGpus,
    set: (h, v) => ({ ...h, scaleUp: { ...h.scaleUp, domainGpus: v ?? 0 } }),
  },
  {
    key: 'out',
    label: 'Scale-out per GPU',
    unit: 'Gb/s',
    optional: true,
    get: (h) => (h.scaleOut.bitsPerSecPerGpu === null ? null : h.scaleOut.bitsPerSecPerGpu / 1e9),
    set: (h, v) => ({ ...h, scaleOut: { bitsPerSecPerGpu: v === null ? null : v * 1e9 } }),
  },
  {
    key: 'tdp',
    label: 'TDP',
    unit: 'W',
    get: (h) => h.tdpWatts,
    set: (h, v) => ({ ...h, tdpWatts: v ?? 0 }),
  },
  {
    key: 'kw',
    label: 'All-in power',
    unit: 'kW per GPU',
    optional: true,
    get: (h) => h.allInKwPerGpu,
    set: (h, v) => ({ ...h, allInKwPerGpu: v }),
  },
  {
    key: 'usd',
    label: 'Price',
    unit: '$/GPU-hour',
    optional: true,
    get: (h) => h.usdPerGpuHour.rental3yr ?? null,
    set: (h, v) => ({ ...h, usdPerGpuHour: v === null ? {} : { rental3yr: v } }),
  },
];

/** Custom hardware: start from a catalog accelerator, change the figures, save under a new id. */
export function HardwareEditor({
  catalog,
  shippedIds,
}: {
  catalog: Catalog;
  shippedIds: ReadonlySet<string>;
}) {
  const [draft, setDraft] = useState<HardwareSpec | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <section className="panel" aria-labelledby="hw-editor-title">
      <h2 id="hw-editor-title">Custom hardware</h2>
      <label>
        Start from{' '}
        <select
          value=""
          onChange={(e) => {
            const h = catalog.hardware.get(e.target.value);
            if (h)
              setDraft({
                ...h,
                id: `${h.id}-custom`,
                name: `${h.name} (custom)`,
                sources: ['https://example.com/your-datasheet'],
              });
          }}
        >
          <option value="">choose an accelerator…</option>
          <EntryOptions of={catalog.hardware} />
        </select>
      </label>
      {draft ? (
        <form
          className="hw-form"
          onSubmit={(e) => {
            e.preventDefault();
            const r = HardwareSchema.safeParse(draft);
            if (!r.success)
              return setMessage({
                ok: false,
                text: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
              });
            if (shippedIds.has(r.data.id))
              return setMessage({
                ok: false,
                text: `id "${r.data.id}" belongs to a catalog accelerator: choose another`,
              });
            const name = r.data.name;
            void customCatalogStore()
              .putHardware(r.data)
              .then((w) =>
                setMessage(
                  w.ok ? { ok: true, text: `Saved ${name}.` } : { ok: false, text: w.reason },
                ),
              );
          }}
        >
          <label>
            Id{' '}
            <input value={draft.id} onChange={(e) => setDraft({ ...draft, id: e.target.value })} />
          </label>
          <label>
            Name{' '}
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </label>
          <label>
            Source URL{' '}
            <input
              value={draft.sources[0] ?? ''}
              onChange={(e) => setDraft({ ...draft, sources: [e.target.value] })}
            />
          </label>
          {FIELDS.map((f) => (
            <label key={f.key}>
              {f.label} ({f.unit}){f.optional ? ', optional' : ''}
              <input
                type="number"
                step="any"
                min={0}
                defaultValue={f.get(draft) ?? ''}
                key={`${draft.id}-${f.key}`}
                onChange={(e) =>
                  setDraft(f.set(draft, e.target.value === '' ? null : Number(e.target.value)))
                }
              />
            </label>
          ))}
          <button type="submit">Validate and save</button>
        </form>
      ) : null}
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} data-testid="hw-editor-result">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
