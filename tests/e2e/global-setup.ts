import type { TestProject } from 'vitest/node';
import { buildAndPreview } from './built-app';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the production bundle once and serves it on a free loopback port for the e2e tests. */
export default async function setup(project: TestProject) {
  const app = await buildAndPreview();
  project.provide('baseUrl', app.url);
  return app.close;
}
