/** Seeded random numbers for the simulation: the same seed gives the same run, on every engine. */
export interface Random {
  /** Uniform on (0, 1). */
  next(): number;
}

/** mulberry32: a small, fast 32-bit generator, plenty for queueing noise. */
export function seeded(seed: number): Random {
  let a = seed >>> 0 || 0x9e3779b9;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
    },
  };
}

export function exponential(r: Random, mean: number): number {
  return -Math.log(r.next()) * mean;
}

export function standardNormal(r: Random): number {
  return Math.sqrt(-2 * Math.log(r.next())) * Math.cos(2 * Math.PI * r.next());
}

/** Gamma(shape, scale) by Marsaglia & Tsang (2000); shapes below 1 by the boost u^(1/shape). */
export function gamma(r: Random, shape: number, scale: number): number {
  if (shape < 1) return gamma(r, shape + 1, scale) * Math.pow(r.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(r);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = r.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
      return d * v * scale;
  }
}

/** A log-normal length with the given mean and σ (μ = ln mean − σ²/2), at least 1 token. */
export function lengthAround(r: Random, mean: number, sigma: number): number {
  if (sigma <= 0) return Math.max(1, Math.round(mean));
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return Math.max(1, Math.round(Math.exp(mu + sigma * standardNormal(r))));
}
