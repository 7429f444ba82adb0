/**
 * `golive demo --team`: the demo's session shared through S3 — moto's server on loopback (started
 * by the launcher, gone with the demo) — the lead's cockpit here and a viewer on a second "bastion"
 * (its own sessions directory) following S3: in a tmux pane beside the cockpit when the demo runs in
 * tmux, else by the script it writes.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { shellQuote } from "../domain/shell-quote.js";
import type { MotoServer } from "../integrations/s3-moto.js";

export interface DemoTeam {
  moto: MotoServer;
  team: NonNullable<EnvConfig["team"]>;
  /** Two people to AWS (moto's STS): the lead's and the approver's credentials, as environment variables. */
  people: { lead: Record<string, string>; approver: Record<string, string> };
  stop(): Promise<void>;
}

/**
 * Two identities for two-person approval: moto's STS answers every made-up key with one shared
 * identity (which golive refuses as one person), so each person assumes a role with their own session
 * name — as SSO gives each person — and gets credentials STS maps back to them.
 */
async function demoPeople(endpoint: string): Promise<DemoTeam["people"]> {
  const { assumedRoleEnv } = await import("../integrations/sts.js");
  const role = "arn:aws:iam::123456789012:role/golive-demo";
  return {
    lead: await assumedRoleEnv(endpoint, role, "lead"),
    approver: await assumedRoleEnv(endpoint, role, "approver"),
  };
}

/** moto with the demo's bucket; refused with how to install it when moto is not there. */
export async function startDemoTeam(): Promise<DemoTeam> {
  const { motoMissing, startMoto } = await import("../integrations/s3-moto.js");
  const missing = motoMissing();
  if (missing)
    throw new UserError(
      `demo --team needs an S3 to share the session: ${missing}`,
      ExitCode.usage,
      "or run `golive demo` without --team",
    );
  const moto = await startMoto();
  const { S3SharedLog } = await import("../integrations/s3-log.js");
  const s3 = new S3SharedLog({
    bucket: "golive-demo",
    endpoint: moto.endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  try {
    await s3.createBucket();
  } finally {
    s3.destroy();
  }
  return {
    moto,
    team: {
      s3: { bucket: "golive-demo", prefix: "demo", endpoint: moto.endpoint },
      lease: { ttl: 30 },
      // The step to 100 % waits for the viewer's approval (v, then y, in its pane).
      approval: { steps: [100], expireSeconds: 600, sts: { endpoint: moto.endpoint } },
    },
    people: await demoPeople(moto.endpoint),
    stop: () => moto.stop(),
  };
}

/**
 * The viewer's command (join the session on a second bastion, then watch it), written to
 * `viewer.sh`; in tmux it opens where `viewerPlace` says. Returns the script's path.
 */
export async function startDemoViewer(
  dir: string,
  config: EnvConfig,
  id: string,
  bin: string,
  env: NodeJS.ProcessEnv,
  person: Record<string, string> = {},
): Promise<string> {
  const cfg = join(dir, "team.json");
  await writeFile(cfg, JSON.stringify(config, null, 2), { mode: 0o600 });
  const viewer = join(dir, "viewer");
  const golive = `${shellQuote(process.execPath)} ${shellQuote(bin)}`;
  const script = join(dir, "viewer.sh");
  await writeFile(
    script,
    `#!/bin/sh\n# The second bastion: its own copy of the session, following S3; v approves the step to 100 %\n# as the second person (moto's STS credentials of its own).\nexport GOLIVE_USER=viewer GOLIVE_BASTION=viewer${Object.entries(
      person,
    )
      .map(([k, v]) => ` ${k}=${shellQuote(v)}`)
      .join(
        "",
      )}\n${golive} join ${shellQuote(id)} --config ${shellQuote(cfg)} --sessions ${shellQuote(viewer)} && exec ${golive} watch ${shellQuote(id)} --sessions ${shellQuote(viewer)}${config.team?.approval ? " --approve" : ""}\n`,
    { mode: 0o700 },
  );
  if (env.TMUX)
    await new Promise<void>((r) =>
      execFile("tmux", [...viewerPlace(process.stdout), `sh ${shellQuote(script)}`], () => r()),
    );
  return script;
}

/**
 * Where the viewer opens in tmux: beside the cockpit when both halves keep the cockpit's 80×24,
 * below it when the height allows, else in a window of its own (a split of 80×24 leaves two panes
 * that each only say the terminal is too small).
 */
export function viewerPlace(out: { columns?: number; rows?: number }): string[] {
  if ((out.columns ?? 0) >= 161) return ["split-window", "-h", "-d"];
  if ((out.rows ?? 0) >= 49) return ["split-window", "-v", "-d"];
  return ["new-window", "-d", "-n", "viewer"];
}
