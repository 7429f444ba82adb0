/**
 * `golive attach --config FILE`: a session started offline (no --config) gets the environment it
 * acts on. Once attached it is never replaced: a session's record is about one environment. A
 * config that left a part out (no alb, no ecs, no kubernetes) may be attached again with the part
 * added — every other field as it was, or the attach is refused.
 */
import { dirname, join, resolve } from "node:path";
import { CONFIG_PARTS, type EnvConfig, missingLines, partsSummary } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { keptSessionConfig } from "../session/config-cache.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { loadEnvConfig } from "./env-config.js";
import { clockForEnvironment } from "./session-clock.js";

const FILE_SAYS = (fields: string[]) =>
  fields[0] === "nothing added"
    ? "this config adds no part the session lacks"
    : `this config changes ${fields.join(", ")}`;

/** What `next` changes of `had` other than adding a part `had` left out. */
function changedBesidesParts(had: EnvConfig, next: EnvConfig): string[] {
  const keys = new Set([...Object.keys(had), ...Object.keys(next)]) as Set<keyof EnvConfig>;
  const changed: string[] = [];
  let added = false;
  for (const k of keys) {
    const a = had[k];
    const b = next[k];
    // The anchor (where the head goes at sign-off) may be added before sign-off like a part.
    if (a === undefined && b !== undefined && (k in CONFIG_PARTS || k === "anchor")) added = true;
    else if (canonical(a) !== canonical(b)) changed.push(k);
  }
  return changed.length ? changed : added ? [] : ["nothing added"];
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1)))
      : x,
  );
}

export async function run(ctx: Ctx, o: GlobalOpts & { config: string }): Promise<number> {
  const env = await loadEnvConfig(resolve(ctx.cwd, o.config), o.config);
  const { store } = await openSession(ctx, o, true, "golive attach");
  try {
    const had = store.state.config;
    if (had) {
      const changed = changedBesidesParts(had.value as EnvConfig, env.config);
      if (changed.length)
        throw new UserError(
          `session ${store.id} already acts on ${had.file}; an attached environment is never replaced (${FILE_SAYS(changed)})`,
          ExitCode.refused,
          "attach again only to add a part the config left out; for another environment start a new session (golive new --config FILE)",
        );
    }
    const named = await clockForEnvironment(env.config, o.config);
    await store.append(
      "config.attached",
      {
        config: { file: resolve(ctx.cwd, o.config), sha256: env.sha256, value: env.config },
        ...(named.ref.source === "sandbox" ? { clock: named.ref } : {}),
      },
      actor(ctx, o),
    );
    keptSessionConfig(join(dirname(store.file), ".cache"), store.state, true); // for the next first frame
    out(
      ctx,
      [
        `session ${store.id} now acts on ${partsSummary(env.config)} (${o.config})`,
        ...missingLines(env.config),
        "next: golive doctor",
      ].join("\n"),
    );
    return 0;
  } finally {
    await store.close();
  }
}
