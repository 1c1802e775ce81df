/// <reference lib="webworker" />
// Entry only: the checks are src/core/catalog.ts's and src/catalog/kernels-file.ts's.
import '../app/zod-config';
import { readBandsFile, readCatalogFiles } from '../catalog/catalog-files';
import { onlyFramework, readKernelsFile } from '../catalog/kernels-file';
import type { DataJob, DataReply, DataRequest } from './data-protocol';

const post = (m: DataReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

async function textOf(job: DataJob): Promise<string> {
  if (job.kind === 'catalog')
    return JSON.stringify(await readCatalogFiles(job.modelsUrl, job.hardwareUrl));
  if (job.kind === 'bands') return JSON.stringify(await readBandsFile(job.url));
  const { kernels, text } = await readKernelsFile(job.url);
  const f = job.framework;
  return f ? JSON.stringify(onlyFramework(kernels, f)) : text;
}

self.onmessage = (e: MessageEvent<DataRequest>) => {
  const { id, job } = e.data;
  textOf(job).then(
    (text) => post({ id, ok: true, text }),
    (err: unknown) => post({ id, ok: false, message: (err as Error).message }),
  );
};
