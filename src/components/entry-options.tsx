/** One <option> per catalog entry (model or accelerator), by id, labelled with its name. */
export function EntryOptions({ of }: { of: ReadonlyMap<string, { id: string; name: string }> }) {
  return (
    <>
      {[...of.values()].map((e) => (
        <option key={e.id} value={e.id}>
          {e.name}
        </option>
      ))}
    </>
  );
}
