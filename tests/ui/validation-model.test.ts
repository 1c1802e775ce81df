import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk, loadMeasurementsFromDisk } from '../../src/catalog/node';
import { csvOf, tableColumns } from '../../src/components/columns';
import { compareRows } from '../../src/core/validation/compare-rows';
import {
  VALIDATION_COLUMNS,
  filterOptions,
  readValidationParams,
  selectFigures,
} from '../../src/features/validation/validation-model';

const rows = loadMeasurementsFromDisk();
const figures = compareRows(
  [...rows.filter((r) => r.id.startsWith('M')).slice(0, 40), ...rows.slice(-40)],
  loadCatalogFromDisk(),
);
const options = filterOptions(figures);
const read = (q: string) => readValidationParams(new URLSearchParams(q), options);

describe('the validation page model', () => {
  it('reads its URL, keeping good values and naming the others, prototype names included', () => {
    const { view, ignored } = read(
      'v=1&sort=hasOwnProperty&dir=up&status=constructor&set=toString&n=5',
    );
    expect(view.sort).toBe('error');
    expect(view.asc).toBe(false);
    expect(view.status).toBe('scored');
    expect(view.filters.set).toBe('');
    expect(ignored.map((i) => i.key).sort()).toEqual(['dir', 'n', 'set', 'sort', 'status']);
    expect(read('v=1&sort=ratio&dir=asc&set=headline').view).toMatchObject({
      sort: 'ratio',
      asc: true,
      filters: expect.objectContaining({ set: 'headline' }),
    });
  });
  it('selects by status and filter and sorts as asked; set-aside rows only on request', () => {
    const { view } = read('v=1&sort=ratio&dir=asc&set=headline');
    const picked = selectFigures(figures, view);
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((f) => f.set === 'headline' && !f.setAside)).toBe(true);
    for (let i = 1; i < picked.length; i++)
      expect(picked[i]!.ratio ?? Infinity).toBeGreaterThanOrEqual(picked[i - 1]!.ratio ?? Infinity);
    const all = selectFigures(figures, read('v=1&status=all').view);
    expect(all.length).toBe(figures.length);
  });
  it('one column list: the CSV has every table header, plain numbers, and what the table links', () => {
    const [header, cells] = csvOf(VALIDATION_COLUMNS, figures);
    for (const c of tableColumns(VALIDATION_COLUMNS)) expect(header).toContain(c.header);
    expect(header).toContain('Source');
    const measured = header.indexOf('Measured');
    for (const row of cells) expect(typeof row[measured]).toBe('number');
  });
});
