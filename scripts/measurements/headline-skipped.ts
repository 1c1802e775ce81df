export const SKIPPED: Array<{ id: string; reason: string }> = [
  {
    id: 'M01',
    reason:
      'production traffic mix with on-disk KV-cache hits: no fixed input/output lengths or concurrency',
  },
  { id: 'M02', reason: 'production prefill including cache hits: no fixed input length' },
  { id: 'M05', reason: 'decode batch size not stated' },
  {
    id: 'M07',
    reason: 'prefill with CPU weight offload over NVLink-C2C, which the model does not represent',
  },
  { id: 'M08', reason: 'decode batch size not stated' },
  ...['M12', 'M13', 'M14', 'M15', 'M16'].map((id) => ({
    id,
    reason: 'GPU count and concurrency of the peak point not stated',
  })),
  { id: 'M23', reason: '[B] lower bound ("> 30,000 tok/s"), layout not stated' },
  { id: 'M26', reason: '[B] Pareto peak; GPU count and concurrency not given' },
  ...['M42', 'M43', 'M44', 'M45', 'M46', 'M47', 'M48', 'M49', 'M50', 'M51', 'M52', 'M53'].map(
    (id) => ({
      id,
      reason: 'MLPerf: variable-length dataset and submitter-chosen layout not stated',
    }),
  ),
  { id: 'M54', reason: 'MLPerf open division, layout not stated, variable lengths' },
  { id: 'M55', reason: 'MLPerf open division, layout not stated, variable lengths' },
  { id: 'M56', reason: 'prefill with CPU weight offload, which the model does not represent' },
  { id: 'M57', reason: 'decode batch size not stated' },
  { id: 'M59', reason: '[B] concurrency not stated' },
  { id: 'M61', reason: '[B] concurrency not stated' },
  { id: 'M63', reason: 'EAGLE acceptance and output length of the context sweep not stated' },
  ...[
    'M85',
    'M86',
    'M87',
    'M88',
    'M89',
    'M90',
    'M91',
    'M92',
    'M93',
    'M94',
    'M95',
    'M96',
    'M97',
  ].map((id) => ({ id, reason: '[B] best configuration: GPU count and layout not stated' })),
  {
    id: 'M99',
    reason:
      'MTP acceptance of the 2-step / 3-draft setting not stated (M98 covers the same setup without MTP)',
  },
];
