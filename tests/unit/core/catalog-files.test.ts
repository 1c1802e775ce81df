import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalog, catalogOf, checkCatalogFiles } from '../../../src/core/catalog';

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../public/catalog/${name}`, import.meta.url), 'utf8'));

describe('the catalog checked in a worker', () => {
  it('crosses to the page as JSON text and indexes to the same catalog as checking it there', () => {
    const models = read('models.json');
    const hardware = read('hardware.json');
    const text = JSON.stringify(checkCatalogFiles(models, hardware));
    expect(catalogOf(JSON.parse(text))).toEqual(buildCatalog(models, hardware));
  });

  it('says what is wrong with a file that is not a catalog', () => {
    expect(() => checkCatalogFiles({ version: 1 }, read('hardware.json'))).toThrow(/models\.json/);
  });
});
