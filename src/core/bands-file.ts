import { z } from 'zod';

/** public/catalog/bands.json (written by npm run bands), checked where it is loaded
 * (catalog.ts withBands). */
export const BandsFileSchema = z.object({
  note: z.string(),
  /** Fewest held-out rows a class needs to give its own band. */
  minRows: z.number().int().positive(),
  bands: z.record(
    z.string(),
    z.object({ q10: z.number().positive(), q90: z.number().positive(), rows: z.number().int() }),
  ),
  /** Per family (familyOf), the factor its bands' log-widths are multiplied by (1: none). */
  widening: z.record(z.string(), z.number().positive()).optional(),
  /** Share of the held-out rows inside their class's band; and with each source's rows left
   * out of the bands they are checked against. */
  coverage: z
    .object({ rows: z.number(), share: z.number(), sourceHeldOutShare: z.number() })
    .optional(),
  /** calibrationFingerprint() of the calibration the residuals were predicted with. */
  calibration: z.string().optional(),
});
export type BandsFile = z.infer<typeof BandsFileSchema>;
