import type { ReactNode } from 'react';
import { Suspense, useEffect, useRef, useState } from 'react';

/**
 * Holds a chart's place, at its height, until it comes near the window and while its Chart.js
 * chunk loads: a phone opening the Planner neither loads nor draws the charts below the fold
 * while it has figures to show.
 */
export function ChartSuspense({ tall, children }: { tall?: boolean; children: ReactNode }) {
  const place = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (near || !place.current) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: '300px' },
    );
    io.observe(place.current);
    return () => io.disconnect();
  }, [near]);
  const placeholder = (
    <div
      ref={place}
      className={`chart-canvas${tall ? ' tall' : ''} chart-loading`}
      data-testid="chart-placeholder"
    >
      {near ? 'Loading chart…' : 'Chart'}
    </div>
  );
  return near ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder;
}
