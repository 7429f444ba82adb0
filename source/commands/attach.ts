/**
 * `golive attach --config FILE`: a session started offline (no --config) gets the environment it
 * acts on. Once attached it is never replaced: a session's record is about one environment.
 */
import { resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { loadEnvConfig } from "./env-config.js";
import { clockForEnvironment } from "./session-clock.js";

export async function run(ctx: Ctx, o: GlobalOpts & { config: string }): Promise<number> {
  const env = await loadEnvConfig(resolve(ctx.cwd, o.config), o.config);
  const { store } = await openSession(ctx, o, true, "golive attach");
  try {
    const had = store.state.config;
    if (had)
      throw new UserError(
        `session ${store.id} already acts on ${had.file}; an attached environment is never replaced`,
        ExitCode.refused,
        "start a new session (golive new --config FILE) for another environment",
      );
    const named = await clockForEnvironment(env.config, o.config);
    await store.append(
      "config.attached",
      {
        config: { file: resolve(ctx.cwd, o.config), sha256: env.sha256, value: env.config },
        ...(named.ref.source === "sandbox" ? { clock: named.ref } : {}),
      },
      actor(ctx, o),
    );
    out(
      ctx,
      `session ${store.id} now acts on ${env.config.name} (${o.config}): listener …${env.config.alb.listenerArn.slice(-16)}, ECS ${env.config.ecs.cluster}\nnext: golive doctor`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
