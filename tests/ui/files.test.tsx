import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonFileButton } from '../../src/components/json-file-button';
import { parseJsonText } from '../../src/core/json-text';
import { DEFAULT_SCENARIO, Scenario } from '../../src/core/scenario/schema';
import { parseImport, serializeSaved } from '../../src/state/saved-scenarios';

afterEach(cleanup);

describe('files at the edges', () => {
  it('JSON with a UTF-8 byte-order mark reads like JSON without one; junk says why', () => {
    expect(parseJsonText('\ufeff{"a":1}')).toEqual({ value: { a: 1 } });
    expect(parseJsonText('{"a":1}')).toEqual({ value: { a: 1 } });
    expect(parseJsonText('{nope')).toHaveProperty('error');
    const file = serializeSaved([
      {
        id: 'x',
        name: 'with a BOM',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        scenario: Scenario.parse(DEFAULT_SCENARIO),
      },
    ]);
    const r = parseImport('\ufeff' + file);
    expect('items' in r && r.items[0]!.name).toBe('with a BOM');
  });
  it('a file whose handling fails reports the reason instead of an unhandled rejection', async () => {
    const onError = vi.fn();
    render(
      <JsonFileButton
        label="Load"
        maxBytes={1000}
        onTooLarge={() => undefined}
        onText={() => {
          throw new Error('unexpected shape');
        }}
        onError={onError}
      />,
    );
    await userEvent.upload(
      screen.getByLabelText('Load'),
      new File(['{"model_type": 1}'], 'config.json', { type: 'application/json' }),
    );
    await waitFor(() => expect(onError).toHaveBeenCalledWith('unexpected shape'));
  });
});
