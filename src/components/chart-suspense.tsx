import type { ReactNode } from 'react';
import { Suspense } from 'react';

/** Holds a chart's place, at its height, while its Chart.js chunk loads. */
export function ChartSuspense({ tall, children }: { tall?: boolean; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div className={`chart-canvas${tall ? ' tall' : ''} chart-loading`} role="status">
          Loading chart…
        </div>
      }
    >
      {children}
    </Suspense>
  );
}
