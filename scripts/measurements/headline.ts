/**
 * The rows of reference/measurements-public.csv turned into Scenarios (design §2) with the metrics
 * they report. Source URL, date and confidence come from the CSV itself (build.ts joins them by id).
 * Conventions: InferenceX/Dynamo "tput_per_gpu" is total (input + output) tokens/s over all GPUs;
 * trtllm-bench "tps/gpu" is output tokens/s per GPU; TPOT is the mean time per output token.
 * Assumptions made where a row leaves a condition open are written in `assume`.
 */
import type { CuratedRow } from './headline-helpers';
import { CURATED_1 } from './headline-rows-1';
import { CURATED_2 } from './headline-rows-2';

export type { CuratedRow } from './headline-helpers';
export { SKIPPED } from './headline-skipped';

/** Every curated headline row, in order (split in two files to keep each readable). */
export const CURATED: CuratedRow[] = [...CURATED_1, ...CURATED_2];
