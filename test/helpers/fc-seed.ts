/**
 * Setup file (vitest.config.ts, vitest.mutate.config.ts): every fast-check property in a run draws
 * from one seed, FC_SEED or the pinned default, so a red CI run is replayed exactly with
 * `FC_SEED=<n> npx vitest run <file>` and is this change's fault, never the dice's. Other seeds are
 * explored on purpose (`FC_SEED=random`, or the soak loop), and a failure then names its seed too.
 */
import fc from "fast-check";
import { fcSeed } from "./fc-seed-value.js";

/** fast-check's own report (seed, path, counterexample) followed by how to replay it. */
export function replayMessage<T>(details: fc.RunDetails<T>): string | undefined {
  const report = fc.defaultReportMessage(details);
  if (report === undefined) return undefined;
  return `${report}\n\nReplay: FC_SEED=${details.seed} npx vitest run <this file> (fast-check path ${details.counterexamplePath ?? "-"})`;
}

function report<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  throw new Error(replayMessage(details), { cause: details.errorInstance });
}

// A setup file runs in the worker; the main process resolves "random" once (global-setup.ts) and
// hands the number down through the environment, so every file of a run shares the seed.
const seed = fcSeed(process.env.FC_SEED);
fc.configureGlobal({ seed, reporter: report });
