/** FC_SEED as a number; no fast-check import, so the global setup can read it too. */
export const DEFAULT_FC_SEED = 20261201;

/** The seed FC_SEED asks for: an integer, `random` (a fresh one), or unset (the pinned default). */
export function fcSeed(env: string | undefined, random: () => number = Math.random): number {
  if (env === undefined || env === "") return DEFAULT_FC_SEED;
  if (env === "random") return Math.floor(random() * 2 ** 31);
  const n = Number(env);
  if (!Number.isSafeInteger(n))
    throw new Error(`FC_SEED must be an integer or "random", not ${JSON.stringify(env)}`);
  return n;
}
