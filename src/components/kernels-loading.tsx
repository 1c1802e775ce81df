/** What a view shows in place of figures while the kernel tables they are priced with load. */
export function KernelsLoading({ gpus, panel = true }: { gpus: string; panel?: boolean }) {
  return (
    <p className={panel ? 'panel' : undefined} role="status">
      Loading the measured kernel timings for {gpus}…
    </p>
  );
}
