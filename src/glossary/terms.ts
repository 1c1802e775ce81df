/**
 * The glossary: every abbreviation the views use, defined once. Architecture facts are from
 * ../shared/reference/models.md (DeepSeek-V4's config.json and model.py); serving terms as the
 * engines' documentation uses them (reference/engines.md).
 */
export interface GlossaryTerm {
  /** The anchor on the glossary page (#tp) and the key views use. */
  id: string;
  term: string;
  /** What the abbreviation stands for. */
  expansion: string;
  definition: string;
}

export const GLOSSARY = [
  {
    id: 'tp',
    term: 'TP',
    expansion: 'tensor parallelism',
    definition:
      "Each layer's weight matrices are split across TP GPUs, which compute one token together and combine their partial results with an all-reduce in every layer. It cuts the weights and time per GPU at the cost of that communication.",
  },
  {
    id: 'ep',
    term: 'EP',
    expansion: 'expert parallelism',
    definition:
      "A Mixture-of-Experts layer's experts are spread over EP GPUs, each holding whole experts. With attention-DP, each token is sent to the GPUs of the experts it is routed to and its results are sent back (all-to-all dispatch and combine); with TP attention every GPU already holds every token, so each runs its own experts and the TP all-reduce sums their outputs.",
  },
  {
    id: 'attention-dp',
    term: 'Attention-DP',
    expansion: 'attention data parallelism',
    definition:
      "Each GPU runs attention for its own requests with a full copy of the attention weights and its own KV cache, instead of splitting attention by TP; the MoE layers run expert-parallel across the same GPUs. DeepSeek's attention has one KV head, which TP cannot split, so attention-DP is how its KV capacity grows with GPUs.",
  },
  {
    id: 'pp',
    term: 'PP',
    expansion: 'pipeline parallelism',
    definition:
      'The layers are divided into PP stages on different GPUs; each step passes through the stages in turn. It spreads the weights without per-layer communication, but a token waits for every stage.',
  },
  {
    id: 'mtp',
    term: 'MTP',
    expansion: 'multi-token prediction',
    definition:
      "DeepSeek's extra prediction layer drafts the next tokens and the full model checks them in one step (speculative decoding). The accepted tokens per step (the acceptance length) divide the time per output token; a step with drafts costs a little more. Unless you enter your own, the acceptance length follows the draft count: 1.8 for one draft (DeepSeek-V3 report: 85–90% of second tokens accepted), 2.18 for two, 2.37 for three (the one published three-draft figure, DeepSeek-R1 on GB300); later drafts are accepted far less often than the first.",
  },
  {
    id: 'ttft',
    term: 'TTFT',
    expansion: 'time to first token',
    definition:
      "From a request's arrival to its first output token: waiting in the queue, then the prefill of its prompt.",
  },
  {
    id: 'tpot',
    term: 'TPOT',
    expansion: 'time per output token',
    definition:
      'The time between output tokens after the first: one decode step shared by every request in flight (with MTP, divided by the tokens accepted per step). Its inverse is the speed each user reads at, in tokens per second.',
  },
  {
    id: 'csa-hca',
    term: 'CSA / HCA',
    expansion: 'compressed sparse attention / heavily compressed attention',
    definition:
      "DeepSeek-V4's two attention layer kinds. A CSA layer compresses every 4 tokens' keys and values into one entry and attends only the top 1,024 entries (512 on V4-Flash) a lightning indexer picks; an HCA layer compresses every 128 tokens into one entry and attends all of them. Every layer also attends the last 128 tokens uncompressed (the sliding window). So V4-Pro keeps about 5 KB per token of context (FP8 keys with an FP4 indexer: 4.9 GiB at a million tokens) where dense attention keeps tens of KB.",
  },
  {
    id: 'mhc',
    term: 'mHC',
    expansion: 'manifold-constrained hyper-connections',
    definition:
      'DeepSeek-V4 carries 4 residual streams instead of one, mixed before and after each attention and MoE block by small learned matrices kept doubly stochastic (20 Sinkhorn iterations). Few parameters, but extra small kernels in every layer.',
  },
  {
    id: 'kv-cache',
    term: 'KV cache',
    expansion: 'key-value cache',
    definition:
      'The keys and values (or compressed entries) of every earlier token of a sequence, kept in GPU memory so a new token attends to them without recomputing them. Its size per sequence sets how many requests fit beside the weights.',
  },
  {
    id: 'prefill-decode',
    term: 'Prefill / decode',
    expansion: 'the two phases of a request',
    definition:
      'Prefill processes the whole prompt at once (compute-bound); decode then produces one token per step for every request in flight (bound by reading weights and KV cache from memory).',
  },
  {
    id: 'disaggregation',
    term: 'Disaggregation',
    expansion: 'prefill/decode disaggregation',
    definition:
      'Prefill and decode run on separate pools of GPUs, each with its own layout; a request is prefilled in one pool and its KV cache is sent to the other to decode, so long prompts do not stall the decode of others.',
  },
  {
    id: 'moe',
    term: 'MoE',
    expansion: 'Mixture of Experts',
    definition:
      'Each token runs through only a few of a layer’s many feed-forward experts (6 of 384 routed experts on V4-Pro, plus a shared one), so the active parameters per token (49B) are a small part of the total (1.6T).',
  },
  {
    id: 'fp4-fp8',
    term: 'FP8 / FP4',
    expansion: '8- and 4-bit floating point',
    definition:
      'Number formats of 1 and about 0.5 bytes per value (with block scales). Smaller weights and KV mean less memory read per token and more requests per GPU; Blackwell GPUs also compute in FP4 at twice the FP8 rate.',
  },
  {
    id: 'prefix-cache',
    term: 'Prefix cache',
    expansion: 'reusing the KV cache of a prompt’s beginning',
    definition:
      'When a prompt starts with tokens an earlier request already ran (a shared document, the conversation so far), the engine reuses their KV instead of prefilling them again. Every engine keeps such prefixes in free GPU memory by default; SGLang’s HiCache, vLLM’s offloading connectors, TensorRT-LLM and ATOM can also keep them in host DRAM and on local NVMe, from where a hit is copied back, which is cheaper than recomputing it the smaller the model’s KV per token.',
  },
  {
    id: 'percentile',
    term: 'p50 / p90 / p99',
    expansion: '50th, 90th and 99th percentiles',
    definition:
      'The latency that half, nine in ten, or 99 in 100 requests stay within. Service-level objectives are written as percentiles because queues and long prompts give latency a tail that a mean hides; Token Factory gets them by simulating the deployment request by request.',
  },
] as const satisfies readonly GlossaryTerm[];

export type TermId = (typeof GLOSSARY)[number]['id'];

export const termById = (id: TermId): GlossaryTerm => GLOSSARY.find((t) => t.id === id)!;
