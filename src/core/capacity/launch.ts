import type { ModelSpec } from '../model/schema';
import type { Pool, Scenario } from '../scenario/schema';

/**
 * Engine command lines that realise a scenario's layout, every flag cited to the engine's own
 * source (../shared/reference/engines.md §0 keys). Only flags those sources list are written.
 */
export const LAUNCH_SOURCES = {
  'SG-SA':
    'https://github.com/sgl-project/sglang/blob/001067fffe33427bee0ed2f007fb7551a1d76b44/python/sglang/srt/server_args.py',
  'SG-CB':
    'https://github.com/sgl-project/sglang/blob/fe8610c035742b401c72f51dc7b661cc6bb07106/docs/cookbook/autoregressive/DeepSeek/DeepSeek-V4.mdx',
  'VL-CLI': 'https://docs.vllm.ai/en/v0.12.0/cli/serve/',
  'VL-ARGS':
    'https://github.com/vllm-project/vllm/blob/99d7eb5d6a512cfcc5a2b104f24ebf2d6cda772b/vllm/engine/arg_utils.py',
  'VL-PAR':
    'https://github.com/vllm-project/vllm/blob/00193b82b0e2d4faea5d3b4ea4f6c4c2bd9d057a/vllm/config/parallel.py',
  'VL-CACHE':
    'https://github.com/vllm-project/vllm/blob/002f10e0cfa1373a19a0d2756598a34b700d20e5/vllm/config/cache.py',
  'VL-SPEC':
    'https://github.com/vllm-project/vllm/blob/002e77c1f0ef9b19cff8b9e21cfbd6feb3d6b443/vllm/config/speculative.py',
  'VL-RCP':
    'https://github.com/vllm-project/recipes/blob/8959cf64189c71d36e11c6a30335f923f261b1f7/models/deepseek-ai/DeepSeek-V4-Pro.yaml',
  'TR-SERVE':
    'https://github.com/NVIDIA/TensorRT-LLM/blob/00209af149e7774406881a37283dce303571eb11/tensorrt_llm/commands/serve.py',
  'TR-ARGS':
    'https://github.com/NVIDIA/TensorRT-LLM/blob/0004396720054fd8e205cbf616f21f0b57c6b412/tensorrt_llm/llmapi/llm_args.py',
  'TR-V4':
    'https://github.com/NVIDIA/TensorRT-LLM/blob/3699edadb4b70e080755915318844059ce1e4518/examples/models/core/deepseek_v4/README.md',
  'DY-TR':
    'https://github.com/ai-dynamo/dynamo/blob/0b03d3382bbf441fa987a5ca0959ea47ca480ba5/examples/backends/trtllm/launch/disagg.sh',
  'AT-ARGS':
    'https://github.com/ROCm/ATOM/blob/ffdf3bb5ddf8a15a64d521a2eeb3bc7438f9ac21/atom/model_engine/arg_utils.py',
  'AT-API':
    'https://github.com/ROCm/ATOM/blob/ffdf3bb5ddf8a15a64d521a2eeb3bc7438f9ac21/atom/entrypoints/openai/api_server.py',
} as const;
export type LaunchSource = keyof typeof LAUNCH_SOURCES;

export interface LaunchFlag {
  /** The flag as written, with its value. */
  text: string;
  source: LaunchSource;
}

export interface LaunchCommand {
  /** 'server' for an aggregated replica; 'prefill' / 'decode' workers for disaggregated pools. */
  role: 'server' | 'prefill' | 'decode';
  /** Instances of this command per replica (one per serving instance of the pool). */
  instances: number;
  /** GPUs one instance spans. */
  gpus: number;
  /** The program and its flags, in order. */
  parts: LaunchFlag[];
  /** A config file the command reads (TensorRT-LLM's extra LLM-API options), or null. */
  file: { name: string; text: string; source: LaunchSource } | null;
}

export interface Launch {
  framework: Scenario['framework'];
  commands: LaunchCommand[];
  /** What a deployment needs beyond these lines (a router in front of disaggregated pools). */
  notes: string[];
}

/** The Hugging Face repository of a model, from its sources; a placeholder if none is listed. */
export function modelRepo(model: ModelSpec): string {
  for (const url of model.sources) {
    const m = /^https:\/\/huggingface\.co\/([^/]+)\/([^/]+)/.exec(url);
    if (m && m[1] !== 'docs') return `${m[1]}/${m[2]}`;
  }
  return `<path to ${model.id}>`;
}

/** A pool (or the aggregated layout) as the engines see it: one instance. */
interface Instance {
  gpus: number;
  tp: number;
  ep: number;
  pp: number;
  dpAttention: boolean;
  /** Attention data-parallel ranks (1 without attention-DP). */
  dp: number;
}

function instanceOf(p: Pool | (Scenario['parallelism'] & { gpus: number })): Instance {
  const gpus = Math.max(p.tp * p.pp, p.ep);
  return {
    gpus,
    tp: p.tp,
    ep: p.ep,
    pp: p.pp,
    dpAttention: p.dpAttention,
    dp: p.dpAttention ? gpus / (p.tp * p.pp) : 1,
  };
}

const f = (text: string, source: LaunchSource): LaunchFlag => ({ text, source });
const q = (json: unknown) => `'${JSON.stringify(json)}'`;

function sglang(
  s: Scenario,
  model: ModelSpec,
  i: Instance,
  role: LaunchCommand['role'],
  batch: number,
) {
  const parts = [
    f('python -m sglang.launch_server', 'SG-SA'),
    f(`--model-path ${modelRepo(model)}`, 'SG-SA'),
    // SGLang's TP group spans the instance; attention-DP splits it into --dp ranks.
    f(`--tp-size ${i.gpus / i.pp}`, 'SG-SA'),
  ];
  if (i.pp > 1) parts.push(f(`--pp-size ${i.pp}`, 'SG-SA'));
  if (i.dpAttention)
    parts.push(f(`--dp-size ${i.dp}`, 'SG-SA'), f('--enable-dp-attention', 'SG-SA'));
  if (i.ep > 1) parts.push(f(`--ep-size ${i.ep}`, 'SG-SA'));
  if (s.precision.kvCache === 'fp8') parts.push(f('--kv-cache-dtype fp8_e4m3', 'SG-SA'));
  const spec = s.speculative;
  if (spec && spec.draftTokens > 0 && role !== 'prefill')
    parts.push(
      f('--speculative-algorithm EAGLE', 'SG-CB'),
      f(`--speculative-num-steps ${spec.draftTokens}`, 'SG-SA'),
      f('--speculative-eagle-topk 1', 'SG-SA'),
      f(`--speculative-num-draft-tokens ${spec.draftTokens + 1}`, 'SG-SA'),
    );
  if (role !== 'prefill') parts.push(f(`--max-running-requests ${batch}`, 'SG-SA'));
  if (role !== 'server') parts.push(f(`--disaggregation-mode ${role}`, 'SG-SA'));
  return { parts, file: null };
}

function vllm(
  s: Scenario,
  model: ModelSpec,
  i: Instance,
  role: LaunchCommand['role'],
  batch: number,
) {
  const parts = [f(`vllm serve ${modelRepo(model)}`, 'VL-CLI')];
  if (i.tp > 1) parts.push(f(`--tensor-parallel-size ${i.tp}`, 'VL-ARGS'));
  if (i.pp > 1) parts.push(f(`--pipeline-parallel-size ${i.pp}`, 'VL-ARGS'));
  if (i.dp > 1) parts.push(f(`--data-parallel-size ${i.dp}`, 'VL-ARGS'));
  // vLLM's EP size is computed (TP × DP): the flag turns it on.
  if (i.ep > 1) parts.push(f('--enable-expert-parallel', 'VL-PAR'));
  if (s.precision.kvCache === 'fp8') parts.push(f('--kv-cache-dtype fp8', 'VL-CACHE'));
  if (model.attention.kind === 'v4-hybrid')
    parts.push(f('--trust-remote-code', 'VL-RCP'), f('--block-size 256', 'VL-RCP'));
  const spec = s.speculative;
  if (spec && spec.draftTokens > 0 && role !== 'prefill')
    parts.push(
      f(
        `--speculative-config ${q({ method: 'mtp', num_speculative_tokens: spec.draftTokens })}`,
        'VL-SPEC',
      ),
    );
  // max_num_seqs bounds each engine (each data-parallel rank).
  if (role !== 'prefill') parts.push(f(`--max-num-seqs ${Math.ceil(batch / i.dp)}`, 'VL-ARGS'));
  if (role !== 'server')
    parts.push(
      f(
        `--kv-transfer-config ${q({ kv_connector: 'NixlConnector', kv_role: role === 'prefill' ? 'kv_producer' : 'kv_consumer' })}`,
        'VL-RCP',
      ),
    );
  return { parts, file: null };
}

function trtllm(
  s: Scenario,
  model: ModelSpec,
  i: Instance,
  role: LaunchCommand['role'],
  batch: number,
) {
  const server = role === 'server';
  const name = server ? 'extra-llm-api-options.yaml' : `${role}.yaml`;
  const yaml: string[] = [];
  // A Dynamo worker reads the engine's LLM-API keys from its file; trtllm-serve takes the sizes as
  // flags. TensorRT-LLM's TP spans the instance; attention-DP runs attention per rank of it, and
  // max_batch_size is then per rank (TR-V4).
  const perRank = Math.ceil(batch / i.dp);
  if (!server) {
    yaml.push(`tensor_parallel_size: ${i.gpus / i.pp}`);
    if (i.pp > 1) yaml.push(`pipeline_parallel_size: ${i.pp}`);
    if (i.ep > 1) yaml.push(`moe_expert_parallel_size: ${i.ep}`);
    if (role === 'decode') yaml.push(`max_batch_size: ${perRank}`);
  }
  if (i.dpAttention) yaml.push('enable_attention_dp: true');
  if (s.precision.kvCache === 'fp8') yaml.push('kv_cache_config:', '  dtype: fp8');
  const spec = s.speculative;
  if (spec && spec.draftTokens > 0 && role !== 'prefill')
    yaml.push(
      'speculative_config:',
      '  decoding_type: MTP',
      `  max_draft_len: ${spec.draftTokens}`,
    );
  const parts = server
    ? [
        f(`trtllm-serve ${modelRepo(model)}`, 'TR-SERVE'),
        f(`--tp_size ${i.gpus / i.pp}`, 'TR-SERVE'),
      ]
    : [
        f('python3 -m dynamo.trtllm', 'DY-TR'),
        f(`--extra-engine-args ${name}`, 'DY-TR'),
        f(`--disaggregation-mode ${role}`, 'DY-TR'),
      ];
  if (server) {
    if (i.pp > 1) parts.push(f(`--pp_size ${i.pp}`, 'TR-SERVE'));
    if (i.ep > 1) parts.push(f(`--ep_size ${i.ep}`, 'TR-SERVE'));
    parts.push(f(`--max_batch_size ${perRank}`, 'TR-SERVE'));
    if (yaml.length) parts.push(f(`--extra_llm_api_options ${name}`, 'TR-SERVE'));
  }
  return {
    parts,
    file: yaml.length ? { name, text: yaml.join('\n') + '\n', source: 'TR-ARGS' as const } : null,
  };
}

function atom(s: Scenario, model: ModelSpec, i: Instance, role: LaunchCommand['role']) {
  const parts = [
    f('python -m atom.entrypoints.openai_server', 'AT-API'),
    f(`--model ${modelRepo(model)}`, 'AT-ARGS'),
  ];
  if (i.tp > 1) parts.push(f(`-tp ${i.tp}`, 'AT-ARGS'));
  if (i.pp > 1) parts.push(f(`-pp ${i.pp}`, 'AT-ARGS'));
  if (i.dp > 1) parts.push(f(`-dp ${i.dp}`, 'AT-ARGS'), f('--enable-dp-attention', 'AT-ARGS'));
  if (i.ep > 1) parts.push(f('--enable-expert-parallel', 'AT-ARGS'));
  if (s.precision.kvCache === 'fp8') parts.push(f('--kv_cache_dtype fp8', 'AT-ARGS'));
  const spec = s.speculative;
  if (spec && spec.draftTokens > 0 && role !== 'prefill')
    parts.push(
      f('--method mtp', 'AT-ARGS'),
      f(`--num-speculative-tokens ${spec.draftTokens}`, 'AT-ARGS'),
    );
  if (role !== 'server')
    parts.push(
      f(
        `--kv-transfer-config ${q({ kv_connector: 'mooncake', kv_role: role === 'prefill' ? 'kv_producer' : 'kv_consumer' })}`,
        'AT-ARGS',
      ),
    );
  return { parts, file: null };
}

/**
 * The command lines of one replica of a (validated) scenario on its own framework: one server
 * per instance, or prefill and decode workers for disaggregated pools. `batch` is the requests in
 * flight per instance (the scenario's concurrency over its decode instances).
 */
export function launchCommands(s: Scenario, model: ModelSpec): Launch | null {
  const framework = s.framework;
  if (framework === 'generic') return null;
  const concurrency = typeof s.workload.concurrency === 'number' ? s.workload.concurrency : 256;
  const pools: Array<{ role: LaunchCommand['role']; pool: Instance; count: number }> = [];
  if (s.disaggregation) {
    const p = instanceOf(s.disaggregation.prefill);
    const d = instanceOf(s.disaggregation.decode);
    pools.push({ role: 'prefill', pool: p, count: s.disaggregation.prefill.gpus / p.gpus });
    pools.push({ role: 'decode', pool: d, count: s.disaggregation.decode.gpus / d.gpus });
  } else {
    const par = s.parallelism ?? { tp: s.gpus, ep: 1, pp: 1, dpAttention: false };
    const i = instanceOf({ ...par, gpus: s.gpus });
    pools.push({ role: 'server', pool: i, count: s.gpus / i.gpus });
  }
  const decodeCount = pools.find((p) => p.role !== 'prefill')!.count;
  const batch = Math.max(1, Math.ceil(concurrency / decodeCount));
  const commands = pools.map(({ role, pool, count }): LaunchCommand => {
    const built =
      framework === 'sglang'
        ? sglang(s, model, pool, role, batch)
        : framework === 'vllm'
          ? vllm(s, model, pool, role, batch)
          : framework === 'trtllm'
            ? trtllm(s, model, pool, role, batch)
            : atom(s, model, pool, role);
    return { role, instances: count, gpus: pool.gpus, ...built };
  });
  const notes: string[] = [];
  if (s.disaggregation)
    notes.push(
      'Disaggregated pools need a router in front that sends each prompt to a prefill worker and its KV to a decode worker (SGLang router, Dynamo frontend, or the engine’s own proxy).',
    );
  if (s.disaggregation && framework === 'trtllm')
    notes.push(
      `Each Dynamo worker also names the model with its model flag (${LAUNCH_SOURCES['DY-TR']}).`,
    );
  if (framework === 'trtllm' && model.attention.kind === 'v4-hybrid')
    notes.push(
      `DeepSeek-V4 on TensorRT-LLM also needs the sparse_attention_config of ${LAUNCH_SOURCES['TR-V4']}.`,
    );
  if (commands.some((c) => c.gpus > 8))
    notes.push(
      'An instance wider than one 8-GPU node is launched once per node with the engine’s multi-node flags (node rank, first node’s address).',
    );
  return { framework, commands, notes };
}

/** One command as text (flags joined with line continuations), its file before it. */
export function commandText(c: LaunchCommand): string {
  const line = c.parts.map((p) => p.text).join(' \\\n  ');
  return c.file ? `cat > ${c.file.name} <<'EOF'\n${c.file.text}EOF\n${line}` : line;
}
