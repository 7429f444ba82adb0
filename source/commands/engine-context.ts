/** Builds the engine for a session from the config the session was started with. */
import { createInterface } from "node:readline";
import type { ConfigPart, EnvConfig } from "../domain/config.js";
import { missingPartText, validateEnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { EcsPort, EngineClock } from "../domain/ports.js";
import type { Runbook } from "../domain/runbook.js";
import type { CheckDeps } from "../engine/checks.js";
import type { Engine } from "../engine/engine.js";
import type { AwsClients } from "../integrations/aws/clients.js";
import { BashShell } from "../integrations/shell.js";
import type { SessionStore } from "../session/store.js";
import type { Ctx } from "./context.js";
import { kubeFor } from "./kube-context.js";

export interface EngineHandle {
  store: SessionStore;
  runbook: Runbook;
  config: EnvConfig;
  engine: Engine;
  aws: AwsClients;
  ecs: EcsPort;
  /** Set when another golive holds the session: actions still run, records go to the fallback file. */
  lockedBy?: string;
  close(): Promise<void>;
}

export function configOf(store: SessionStore): EnvConfig {
  const c = store.state.config;
  if (!c) {
    throw new UserError(
      `session ${store.id} has no environment config`,
      ExitCode.usage,
      "attach one with `golive attach --config FILE` (`golive sandbox` writes one for the sandbox)",
    );
  }
  const v = validateEnvConfig(c.value);
  if (!v.ok)
    throw new UserError(
      `the session's config (${c.file}) no longer validates: ${v.problems.join("; ")}`,
      ExitCode.input,
    );
  return v.config;
}

export function engineClock(ctx: Ctx): EngineClock {
  return { now: () => ctx.clock.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
}

/** What running a check needs, from an open engine; runbook commands run where the lead stands. */
export function checkDeps(h: EngineHandle, cwd: string): CheckDeps {
  const d = h.engine.d;
  return {
    probe: d.probe,
    health: d.health,
    traffic: d.traffic,
    ecs: h.ecs,
    kube: kubeFor(h),
    shell: new BashShell(),
    monitor: h.engine.monitor,
    config: h.config,
    cwd,
  };
}

/** Asks on the terminal; scripts pass --yes. Without a terminal and without --yes: refused. */
export async function confirm(ctx: Ctx, question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!ctx.stdin.isTTY) {
    throw new UserError(
      `${question.replace(/\?$/, "")}: needs confirmation`,
      ExitCode.refused,
      "re-run with --yes to confirm from a script",
    );
  }
  ctx.stdout.write(`${question} [y/N] `);
  const rl = createInterface({ input: ctx.stdin });
  const answer: string = await new Promise((r) => rl.once("line", r));
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new UserError("cancelled; nothing changed", ExitCode.refused);
}

/**
 * The config part an action needs, or a refusal saying it is missing and how to attach it (an
 * EKS-only go-live has no ECS; a session may be given its ALB later).
 */
export function needPart<P extends ConfigPart>(
  h: { config: EnvConfig; store: SessionStore },
  part: P,
  what: string,
): NonNullable<EnvConfig[P]> {
  const v = h.config[part];
  if (v) return v as NonNullable<EnvConfig[P]>;
  throw new UserError(
    `${what}: ${missingPartText(part, h.store.state.config?.file)}`,
    ExitCode.refused,
    `add a "${part}" section to the config, then: golive attach --config FILE`,
  );
}
