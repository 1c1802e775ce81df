import { Link } from 'react-router';
import { KERNEL_ATTRIBUTION, KERNEL_SYSTEMS } from '../../core/kernels/schema';
import type { Catalog } from '../../core/catalog';
import { paramCounts, weightBytes } from '../../core/model/weights';
import type { CsvTable } from '../../components/export-csv-button';
import { ExportCsvButton } from '../../components/export-csv-button';
import { customCatalogStore } from '../../catalog/use-catalog';
import { GIB } from '../../components/format';
import { planModelHref } from '../../navigation/paths';

const T = 1e12;
const gib = (b: number) => (b / GIB).toFixed(1);
const sig = (n: number) => n.toPrecision(4);

export function ModelsTable({
  catalog,
  customIds,
}: {
  catalog: Catalog;
  customIds: ReadonlySet<string>;
}) {
  const rows = [...catalog.models.values()].map((m) => {
    const p = paramCounts(m);
    const a = m.attention;
    const attention =
      a.kind === 'gqa'
        ? `GQA ${a.numHeads}/${a.numKvHeads}×${a.headDim}${a.slidingWindow ? `, ${a.slidingWindow.layers} sliding-${a.slidingWindow.tokens}` : ''}`
        : a.kind === 'mla'
          ? `MLA ${a.numHeads} heads, latent ${a.kvLoraRank}+${a.qkRopeHeadDim}${a.indexer ? `, DSA top-${a.indexer.topK}` : ''}`
          : `V4 CSA/HCA ${a.numHeads}×${a.headDim}, window ${a.windowTokens}, top-${a.indexer.topK}`;
    const moe = m.ffn.moe;
    return {
      m,
      p,
      attention,
      experts: moe
        ? `${moe.routedExperts} + ${moe.sharedExperts} shared, top-${moe.expertsPerToken}, width ${moe.expertIntermediate}`
        : `dense, width ${m.ffn.denseIntermediate}`,
      bytes: weightBytes(m, 'native').totalBytes,
    };
  });
  const csvTable = (): CsvTable => [
    [
      'id',
      'name',
      'layers',
      'hidden',
      'attention',
      'FFN',
      'params total (with MTP)',
      'params activated',
      'checkpoint bytes',
      'max context',
      'sources',
    ],
    rows.map((r) => [
      r.m.id,
      r.m.name,
      r.m.numLayers,
      r.m.hiddenSize,
      r.attention,
      r.experts,
      r.p.totalWithMtp,
      r.p.activated,
      r.bytes,
      r.m.maxContextTokens,
      r.m.sources.join(' '),
    ]),
  ];
  return (
    <section className="panel">
      <h2>
        Models <ExportCsvButton fileName="models.csv" table={csvTable} />
      </h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="models-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Layers × hidden</th>
              <th scope="col">Attention</th>
              <th scope="col">FFN / experts</th>
              <th scope="col">Parameters (total / activated)</th>
              <th scope="col">Checkpoint (native)</th>
              <th scope="col">Max context (tokens)</th>
              <th scope="col">Sources</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ m, p, attention, experts, bytes }) => (
              <tr key={m.id}>
                <th scope="row">
                  {m.name} <code>{m.id}</code>
                  {customIds.has(m.id) ? (
                    <span className="actions">
                      <span className="badge">custom</span>
                      <Link to={planModelHref(m.id)}>Plan</Link>
                      <button type="button" onClick={() => customCatalogStore().removeModel(m.id)}>
                        Delete
                      </button>
                    </span>
                  ) : null}
                </th>
                <td>
                  {m.numLayers} × {m.hiddenSize}
                  {m.mtp ? ` + ${m.mtp.layers} MTP` : ''}
                </td>
                <td>{attention}</td>
                <td>{experts}</td>
                <td>
                  {sig(p.totalWithMtp / 1e9)} B / {sig(p.activated / 1e9)} B
                </td>
                <td>
                  {bytes.toLocaleString('en-US')} B ({gib(bytes)} GiB)
                </td>
                <td>{m.maxContextTokens.toLocaleString('en-US')}</td>
                <td>
                  <SourceLinks urls={m.sources} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Which GPUs' operations are priced from measured timings, and which from the roofline. */
function kernelTables(id: string, customIds: ReadonlySet<string>): string {
  return id in KERNEL_SYSTEMS && !customIds.has(id)
    ? `TensorRT-LLM, SGLang, vLLM (${KERNEL_ATTRIBUTION})`
    : 'none: roofline with fitted fractions of peak';
}

export function HardwareTable({
  catalog,
  customIds,
}: {
  catalog: Catalog;
  customIds: ReadonlySet<string>;
}) {
  const hw = [...catalog.hardware.values()];
  const tf = (v: number | null) => (v === null ? '—' : (v / T).toLocaleString('en-US'));
  const csvTable = (): CsvTable => [
    [
      'id',
      'name',
      'memory GiB',
      'bandwidth TB/s',
      'FP4 TFLOPS',
      'FP8 TFLOPS',
      'BF16 TFLOPS',
      'scale-up',
      'scale-up GB/s per GPU',
      'domain GPUs',
      'scale-out Gb/s',
      'TDP W',
      'all-in kW',
      '$/GPU-h',
      'kernel tables',
      'sources',
    ],
    hw.map((h) => [
      h.id,
      h.name,
      h.memoryGiB,
      h.memBandwidthBytesPerSec / T,
      tf(h.denseFlopsPerSec.fp4),
      tf(h.denseFlopsPerSec.fp8),
      tf(h.denseFlopsPerSec.bf16),
      h.scaleUp.tech,
      h.scaleUp.bytesPerSecPerGpu / 1e9,
      h.scaleUp.domainGpus,
      h.scaleOut.bitsPerSecPerGpu === null ? '' : h.scaleOut.bitsPerSecPerGpu / 1e9,
      h.tdpWatts,
      h.allInKwPerGpu ?? '',
      JSON.stringify(h.usdPerGpuHour),
      kernelTables(h.id, customIds),
      h.sources.join(' '),
    ]),
  ];
  return (
    <section className="panel">
      <h2>
        Hardware <ExportCsvButton fileName="hardware.csv" table={csvTable} />
      </h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="hardware-table">
          <thead>
            <tr>
              <th scope="col">Accelerator</th>
              <th scope="col">Memory (GiB)</th>
              <th scope="col">Bandwidth (TB/s)</th>
              <th scope="col">Dense TFLOPS FP4 / FP8 / BF16</th>
              <th scope="col">Scale-up (GB/s per GPU, one way; domain)</th>
              <th scope="col">Scale-out (Gb/s per GPU)</th>
              <th scope="col">TDP (W) / all-in (kW)</th>
              <th scope="col">$ per GPU-hour</th>
              <th scope="col">Measured kernel tables</th>
              <th scope="col">Sources</th>
            </tr>
          </thead>
          <tbody>
            {hw.map((h) => (
              <tr key={h.id}>
                <th scope="row">
                  {h.name} <code>{h.id}</code>
                  {customIds.has(h.id) ? (
                    <span className="actions">
                      <span className="badge">custom</span>
                      <button
                        type="button"
                        onClick={() => customCatalogStore().removeHardware(h.id)}
                      >
                        Delete
                      </button>
                    </span>
                  ) : null}
                </th>
                <td>{h.memoryGiB}</td>
                <td>{h.memBandwidthBytesPerSec / T}</td>
                <td>
                  {tf(h.denseFlopsPerSec.fp4)} / {tf(h.denseFlopsPerSec.fp8)} /{' '}
                  {tf(h.denseFlopsPerSec.bf16)}
                </td>
                <td>
                  {h.scaleUp.tech}: {h.scaleUp.bytesPerSecPerGpu / 1e9}; {h.scaleUp.domainGpus}
                </td>
                <td>
                  {h.scaleOut.bitsPerSecPerGpu === null
                    ? 'not published'
                    : h.scaleOut.bitsPerSecPerGpu / 1e9}
                </td>
                <td>
                  {h.tdpWatts} / {h.allInKwPerGpu ?? '—'}
                </td>
                <td>
                  {Object.entries(h.usdPerGpuHour)
                    .map(([k, v]) => `${k} $${v}`)
                    .join(', ') || '—'}
                </td>
                <td>{kernelTables(h.id, customIds)}</td>
                <td>
                  <SourceLinks urls={h.sources} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A catalog entry's sources as numbered links, opened in a new tab. */
function SourceLinks({ urls }: { urls: readonly string[] }) {
  return urls.map((s, i) => (
    <a key={s} href={s} target="_blank" rel="noreferrer noopener">
      [{i + 1}]{' '}
    </a>
  ));
}
