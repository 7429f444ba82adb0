/**
 * Runs the traffic model: `runs` sequences (TRAFFIC_MODEL_RUNS overrides), one sandbox for all.
 * A failure prints fast-check's seed and path; TRAFFIC_MODEL_SEED and TRAFFIC_MODEL_PATH replay
 * exactly that sequence (README, Development).
 */

import { join } from "node:path";
import fc from "fast-check";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { SEEDS } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";
import { opArb } from "./ops.js";
import { runSequence } from "./traffic-model.js";

export async function runModel(defaultRuns: number, maxLength: number): Promise<void> {
  const { sb, config: base } = await startSandbox();
  try {
    const file = join(SEEDS, "deployment.md");
    const { text, sha256 } = await readRunbookFile(file);
    const runbook = parseRunbook(file, text, sha256);
    const config = {
      ...base,
      aws: { ...base.aws, maxAttempts: 1 },
      canary: { ...base.canary, verifyTimeoutSeconds: 5 },
    };
    const initial = structuredClone(sb.world.alb.listener.actions);
    const env = process.env;
    // The run's seed (FC_SEED, pinned by default: test/helpers/fc-seed.ts) unless TRAFFIC_MODEL_SEED
    // picks one for the model alone. Left out, not undefined: undefined would override the global.
    const seed = env.TRAFFIC_MODEL_SEED ? { seed: Number(env.TRAFFIC_MODEL_SEED) } : {};
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength }), (ops) =>
        runSequence({ sb, config, runbook, initial }, ops),
      ),
      {
        numRuns: env.TRAFFIC_MODEL_RUNS ? Number(env.TRAFFIC_MODEL_RUNS) : defaultRuns,
        ...seed,
        path: env.TRAFFIC_MODEL_PATH,
        endOnFailure: !!env.TRAFFIC_MODEL_PATH,
        verbose: 1,
      },
    );
  } finally {
    await sb.stop();
  }
}
