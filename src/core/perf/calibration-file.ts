import { z } from 'zod';
import { HARDWARE_GENERATIONS } from '../hardware/schema';
import { FRAMEWORKS } from '../scenario/schema';

// The file's schema, apart from the calibration the app imports: only `npm run calibrate` and the
// tests parse the file, so the app neither ships nor builds it.
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const share = z.number().min(0).max(1);

const GenerationFit = z.object({ compute: share, memory: share, link: share, launch: positive });
const FrameworkFit = z.object({
  perLayerOverheadUs: nonNegative,
  layerOverheadUs: nonNegative,
  requestOverheadMs: nonNegative,
  seqOverheadUs: nonNegative,
  kernelEfficiency: positive,
  // A count of sequences: the fit moves it continuously, the engine takes whole requests.
  maxBatchPerRank: positive.transform(Math.round),
});

/** What `npm run calibrate` writes: the whole fitted calibration, and how it got there. */
export const CalibrationFile = z.object({
  note: z.string(),
  points: z.number().int().nonnegative(),
  parameters: z.array(z.object({ name: z.string(), prior: z.number(), fitted: z.number() })),
  calibration: z.object({
    generations: z.record(z.enum(HARDWARE_GENERATIONS), GenerationFit),
    frameworks: z.record(z.enum(FRAMEWORKS), FrameworkFit),
    moeImbalance: positive,
    hotExpertShare: share,
    collectiveLatencyUs: nonNegative,
    epCommOverlap: share,
    activationTrafficScale: nonNegative,
    kernelFixedShare: share,
    moduleFixedShare: share,
    closedLoopBurstShare: share,
  }),
});
