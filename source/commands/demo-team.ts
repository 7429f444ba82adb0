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
  stop(): Promise<void>;
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
    team: { s3: { bucket: "golive-demo", prefix: "demo", endpoint: moto.endpoint }, lease: { ttl: 30 } },
    stop: () => moto.stop(),
  };
}

/**
 * The viewer's command (join the session on a second bastion, then watch it), written to
 * `viewer.sh`; in tmux it opens in a pane beside the cockpit. Returns the script's path.
 */
export async function startDemoViewer(
  dir: string,
  config: EnvConfig,
  id: string,
  bin: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const cfg = join(dir, "team.json");
  await writeFile(cfg, JSON.stringify(config, null, 2), { mode: 0o600 });
  const viewer = join(dir, "viewer");
  const golive = `${shellQuote(process.execPath)} ${shellQuote(bin)}`;
  const script = join(dir, "viewer.sh");
  await writeFile(
    script,
    `#!/bin/sh\n# The second bastion: its own copy of the session, following S3.\nexport GOLIVE_USER=viewer GOLIVE_BASTION=viewer\n${golive} join ${shellQuote(id)} --config ${shellQuote(cfg)} --sessions ${shellQuote(viewer)} && exec ${golive} watch ${shellQuote(id)} --sessions ${shellQuote(viewer)}\n`,
    { mode: 0o700 },
  );
  if (env.TMUX)
    await new Promise<void>((r) =>
      execFile("tmux", ["split-window", "-h", "-d", `sh ${shellQuote(script)}`], () => r()),
    );
  return script;
}
