import { queryOptions } from '@tanstack/react-query';
import { MeasurementsFile } from '../core/validation/measurements';
import type { MeasurementRow } from '../core/validation/measurements';
import { fetchOk } from './fetch-ok';

/** The published measurements (about 2 MB): fetched only by the views that need them. */
export const measurementsQuery = queryOptions({
  queryKey: ['measurements'],
  queryFn: async ({ signal }) => {
    const url = `${import.meta.env.BASE_URL}catalog/measurements.json`;
    const file = MeasurementsFile.parse(await (await fetchOk(url, signal)).json());
    return { rows: file.rows as MeasurementRow[], skipped: file.skipped, version: file.version };
  },
  staleTime: Infinity,
});
