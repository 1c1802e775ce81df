import { useId, useState } from 'react';
import type { ModelSpec } from '../../core/model/schema';
import type { HardwareSpec } from '../../core/hardware/schema';
import type { ScenarioInput } from '../../core/scenario/schema';
import { Link } from 'react-router';
import { compareHref, scenarioQuery } from '../../navigation/paths';
import { savedStore } from '../../state/use-saved';

/** Save the current scenario under a name; says where it went or why it could not. */
export function SaveBar({
  scenario,
  customModel,
  customHardware,
}: {
  scenario: ScenarioInput;
  customModel: ModelSpec | null;
  customHardware: HardwareSpec | null;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const save = async () => {
    const title = name || `${scenario.model} on ${scenario.gpus}×${scenario.hardware}`;
    const r = await savedStore().add(
      title,
      scenario,
      customModel ?? undefined,
      customHardware ?? undefined,
    );
    setMessage(r.ok ? `Saved “${title}”.` : `Not saved: ${r.reason}.`);
    if (r.ok) setName((typed) => (typed === name ? '' : typed));
  };
  return (
    <form
      className="save-bar panel"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id}>Scenario name</label>
      <input
        id={id}
        value={name}
        maxLength={200}
        placeholder="e.g. V4-Pro 8×B200 chat"
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit">Save scenario</button>
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard?.writeText(window.location.href).then(
            () => setMessage('Link copied.'),
            () => setMessage('Copy the address bar to share this view.'),
          )
        }
      >
        Copy link
      </button>
      <Link to={compareHref([scenarioQuery(scenario, customModel, customHardware)])}>Compare…</Link>
      {message ? (
        <span role="status" className="save-message">
          {message}
        </span>
      ) : null}
    </form>
  );
}
