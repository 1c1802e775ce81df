import type { KernelFramework } from '../core/kernels/schema';

/** What the data worker fetches and checks: the catalog's two files, its error bands, or one
 * GPU's kernel tables (only `framework`'s, when a view plans with one engine). */
export type DataJob =
  | { kind: 'catalog'; modelsUrl: string; hardwareUrl: string }
  | { kind: 'bands'; url: string }
  | { kind: 'kernels'; url: string; framework?: KernelFramework | undefined };

export interface DataRequest {
  id: number;
  job: DataJob;
}

/**
 * From the data worker: the checked data as JSON text (a string crosses to the page as one copy,
 * and JSON.parse rebuilds it there faster than a structured clone of thousands of objects), or
 * why it could not be used.
 */
export type DataReply =
  { id: number; ok: true; text: string } | { id: number; ok: false; message: string };
