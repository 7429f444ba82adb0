/**
 * Validating the session's environment config loads zod and builds every schema: about a tenth of
 * the CPU before the cockpit's first frame (bench/RESULTS.md §0t), spent again on every open for a
 * value that was already valid when `golive new` or `attach` stored it. The validation is a pure
 * function of the stored value and of golive's own code, so its result is kept in the sessions
 * directory's `.cache`, keyed by the value's SHA-256 and the build, and trusted exactly like the
 * parsed runbook (runbook/cache.ts): only by the same build, only for that exact value, only whole
 * (the SHA-256 of the kept result). Missing, damaged, stale or unwritable means "validate again";
 * an invalid config is never kept, so it is refused as before.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { EnvConfig } from "../domain/config.js";
import type { SessionState } from "../domain/events.js";
import { sessionConfig } from "../domain/in-force.js";
import { cacheBuild, writeCacheFile } from "./verified.js";

export type SessionConfig = { config: EnvConfig; file: string };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * `sessionConfig(s)`, from `cacheDir` when this build validated this very value before; `persist`
 * false (a read-only viewer) never writes the cache.
 */
export function keptSessionConfig(
  cacheDir: string,
  s: Pick<SessionState, "config">,
  persist: boolean,
  build = cacheBuild(),
  validate: typeof sessionConfig = sessionConfig,
): SessionConfig | undefined {
  if (!s.config) return undefined;
  if (!build) return validate(s);
  const key = sha256(JSON.stringify(s.config.value));
  const path = join(cacheDir, `config-${key.slice(0, 32)}-${build}.json`);
  try {
    const kept = JSON.parse(readFileSync(path, "utf8")) as {
      key?: string;
      build?: string;
      result?: string;
      digest?: string;
    };
    if (
      kept.key === key &&
      kept.build === build &&
      typeof kept.result === "string" &&
      kept.digest === sha256(kept.result)
    )
      return JSON.parse(kept.result) as SessionConfig;
  } catch {
    // no cache yet, or a damaged one: validate
  }
  const result = validate(s);
  if (result && persist) {
    const text = JSON.stringify(result);
    writeCacheFile(path, JSON.stringify({ key, build, result: text, digest: sha256(text) }));
    pruneOtherBuilds(cacheDir, `config-${key.slice(0, 32)}-`, path);
  }
  return result;
}

/** Another build never reads this value's result: without this, every upgrade left one behind. */
function pruneOtherBuilds(dir: string, prefix: string, keep: string): void {
  try {
    for (const name of readdirSync(dir))
      if (name.startsWith(prefix) && name.endsWith(".json") && join(dir, name) !== keep)
        unlinkSync(join(dir, name));
  } catch {
    // an optimisation only
  }
}
