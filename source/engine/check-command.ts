/** The command a check runs: its block, what golive refuses to run, and its environment. */
import type { Command } from "../domain/code-block.js";
import type { EnvConfig } from "../domain/config.js";
import type { SessionState } from "../domain/events.js";
import type { Runbook } from "../domain/runbook.js";
import { shellQuote } from "../domain/shell-quote.js";
import { fieldValuesShown, refuseRedactedSecret, substitute } from "./check-fields.js";
import type { CheckPlan } from "./checks.js";

/** A command block by its id (`c5`): the seeds put code under steps, not items. */
export function planCommand(
  rb: Runbook,
  id: string,
  state: SessionState,
  config: EnvConfig | undefined,
): CheckPlan {
  const code = rb.commands.find((c) => c.id === id);
  if (!code) throw new Error(`no command "${id}" in this runbook (commands are c1–c${rb.commands.length})`);
  const section = rb.sections.find((s) => s.id === code.section);
  const item = rb.items.find((i) => i.id === code.item) ?? {
    id: code.id,
    text: `${section?.title ?? "command"} (${code.lang || "shell"} block, line ${code.position.line})`,
    section: code.section,
    depth: 0,
    checkedInSource: false,
    box: code.position,
    position: code.position,
  };
  return { item, kind: "command", ...planScript(code, rb, state, config), dangerous: true };
}

/** A block golive refuses to run as a script, with the engine actions that do its steps. */
export class RefusedBlockError extends Error {
  constructor(
    readonly block: Command,
    readonly actions: string[],
  ) {
    const what = [...new Set(block.changes.map((c) => c.what))].join(" and ");
    const cmds = [...new Set(block.changes.map((c) => c.command))]
      .map(
        (c) =>
          `${c} (line ${block.changes
            .filter((x) => x.command === c)
            .map((x) => x.line)
            .join(", ")})`,
      )
      .join(", ");
    super(
      `${block.id} changes ${what}: ${cmds}; golive never runs such a block as a script — do the step with ${actions.join("; or ")}`,
    );
  }
}

/**
 * What a runnable block runs: a shell block as itself, a program through the interpreter its `#!`
 * names (on stdin, under a delimiter the script does not contain). A block that changes traffic or
 * capacity is refused whole: running "the rest" would still be a half-done step.
 */
export function planScript(
  code: Command,
  rb: Runbook,
  state: SessionState,
  config: EnvConfig | undefined,
): { shows: string; command: string; env: Record<string, string> } {
  if (code.changes.length) throw new RefusedBlockError(code, [...new Set(code.changes.map((c) => c.action))]);
  const env = commandEnv(config, rb, state);
  if (code.interpreter === "bash") {
    const command = substitute(code.script, rb, state);
    return {
      shows: `${fieldValuesShown(code.script, env)}bash -e <<'EOF'\n${command}\nEOF`,
      command,
      env,
    };
  }
  refuseRedactedSecret(code.script);
  let eof = "EOF";
  while (code.script.split("\n").includes(eof)) eof += "_";
  const command = `${shellQuote(code.interpreter)} <<'${eof}'\n${code.script}\n${eof}`;
  return { shows: command, command, env };
}

/** What a runbook command sees: the environment's names as variables, recorded values as GOLIVE_F<n>. */
export function commandEnv(
  config: EnvConfig | undefined,
  rb: Runbook,
  state: SessionState,
): Record<string, string> {
  const env: Record<string, string> = {};
  if (config) {
    // Only the parts the config names: a command using $CLUSTER in an EKS-only go-live finds it unset.
    if (config.alb)
      Object.assign(env, {
        LISTENER_ARN: config.alb.listenerArn,
        TG_BLUE: config.alb.blueTargetGroupArn,
        TG_GREEN: config.alb.greenTargetGroupArn,
        TARGET_GROUP_BLUE: config.alb.blueTargetGroupArn,
        TARGET_GROUP_GREEN: config.alb.greenTargetGroupArn,
      });
    if (config.ecs) env.CLUSTER = config.ecs.cluster;
    Object.assign(env, { AWS_REGION: config.aws.region, AWS_DEFAULT_REGION: config.aws.region });
    if (config.aws.endpoint) env.AWS_ENDPOINT_URL = config.aws.endpoint;
    if (config.aws.profile) env.AWS_PROFILE = config.aws.profile;
    if (config.aws.sandbox)
      Object.assign(env, { AWS_ACCESS_KEY_ID: "sandbox", AWS_SECRET_ACCESS_KEY: "sandbox" });
    if (config.kubernetes?.kubeconfig) env.KUBECONFIG = config.kubernetes.kubeconfig;
  }
  for (const f of rb.fields) {
    const v = state.fields[f.id];
    if (v) env[`GOLIVE_${f.id.toUpperCase()}`] = v.value;
  }
  return env;
}
