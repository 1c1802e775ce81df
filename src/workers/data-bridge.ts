import { readBandsFile, readCatalogFiles } from '../catalog/catalog-files';
import type { BandsFile } from '../core/bands-file';
import { onlyFramework, readKernelsFile } from '../catalog/kernels-file';
import type { CatalogFiles } from '../core/catalog';
import type { HardwareKernels, KernelFramework } from '../core/kernels/schema';
import type { DataJob, DataReply, DataRequest } from './data-protocol';
import { rememberKernelsText } from './kernel-texts';

/** The worker goes once nothing has been asked of it for this long. */
const IDLE_MS = 30_000;
let worker: Worker | null = null;
let idle: ReturnType<typeof setTimeout> | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void }>();

function dataWorker(): Worker {
  clearTimeout(idle);
  if (!worker) {
    const w = new Worker(new URL('./data.worker.ts', import.meta.url), {
      type: 'module',
      name: 'data',
    });
    w.onmessage = (e: MessageEvent<DataReply>) => {
      const m = e.data;
      const job = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) job?.resolve(m.text);
      else job?.reject(new Error(m.message));
      if (waiting.size === 0) idle = setTimeout(stop, IDLE_MS);
    };
    w.onerror = (e) => {
      for (const job of waiting.values())
        job.reject(new Error(e.message || 'the data worker failed'));
      waiting.clear();
      stop();
    };
    worker = w;
  }
  return worker;
}

function stop() {
  worker?.terminate();
  worker = null;
}

/** The worker's checked data as its JSON text. */
function inWorkerText(job: DataJob): Promise<string> {
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    dataWorker().postMessage({ id, job } satisfies DataRequest);
  });
}

/** The worker's checked data, parsed here (it was checked there: not checked again). */
function inWorker<T>(job: DataJob): Promise<T> {
  return inWorkerText(job).then((text) => JSON.parse(text) as T);
}

const absolute = (url: string) => new URL(url, location.href).href;

/**
 * The catalog's files, fetched and checked in a worker: a phone's main thread would spend a tenth
 * of a second on the check alone. Where workers are missing, on the main thread.
 */
export function loadCatalogFiles(
  modelsUrl: string,
  hardwareUrl: string,
  signal?: AbortSignal,
): Promise<CatalogFiles> {
  if (typeof Worker === 'undefined') return readCatalogFiles(modelsUrl, hardwareUrl, signal);
  return inWorker({
    kind: 'catalog',
    modelsUrl: absolute(modelsUrl),
    hardwareUrl: absolute(hardwareUrl),
  });
}

/** The error bands, fetched and checked in a worker (their check took a throttled phone's main
 * thread 0.13 s). Where workers are missing, on the main thread. */
export function loadBandsFile(url: string, signal?: AbortSignal): Promise<BandsFile> {
  if (typeof Worker === 'undefined') return readBandsFile(url, signal);
  return inWorker({ kind: 'bands', url: absolute(url) });
}

/**
 * One GPU's kernel tables (every framework's, or `framework`'s), fetched, parsed and checked in
 * a worker: a 2 MB file's parse and check take a phone's main thread a third of a second.
 */
export function loadKernels(
  url: string,
  signal?: AbortSignal,
  framework?: KernelFramework,
): Promise<HardwareKernels> {
  if (typeof Worker === 'undefined')
    return readKernelsFile(url, signal).then(({ kernels }) =>
      framework ? onlyFramework(kernels, framework) : kernels,
    );
  return inWorkerText({ kind: 'kernels', url: absolute(url), framework }).then((text) =>
    rememberKernelsText(JSON.parse(text) as HardwareKernels, text),
  );
}
