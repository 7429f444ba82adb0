/** What several chaos tests share: a sandbox, a session made with the CLI on it, tmpfs mounts. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../source/sandbox/server.js";
import { weightsOf } from "../../source/sandbox/world.js";
import { stateDir } from "../../source/session/fallback.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

/** The listener's weights as the sandbox (AWS) holds them, not as golive believes. */
export function weightsOnAws(sb: Sandbox): { blue: number; green: number } {
  const w = weightsOf(sb.world.alb.listener.actions);
  const pct = (key: string) => Math.round(100 * (w.get(sb.world.alb.tgByKey(key).arn) ?? 0));
  return { blue: pct("blue"), green: pct("green") };
}

/** A sandbox and a session on the shipped checklist, started with the CLI, in `sessions`. */
export async function cliRig(
  sessions = tempDir(),
  runbook = "checklists/deployment.md",
  sandbox: Parameters<typeof startSandbox>[0] = {},
) {
  const { sb, files, config } = await startSandbox(sandbox);
  const clock = { now: () => sb.clock.now() };
  const cli = (args: string[], env: Record<string, string> = {}) =>
    golive(args, { sessions, clock, env: { GOLIVE_USER: "lead", ...env } });
  const made = await cli(["new", "--runbook", runbook, "--config", files.config]);
  if (made.code !== 0) throw new Error(`golive new failed: ${made.stderr}`);
  const file = join(sessions, readdirSync(sessions).find((n) => n.endsWith(".json"))!);
  return { sb, files, config, sessions, file, cli, stop: () => sb.stop() };
}

/** Fallback records golive wrote for a session, wherever it wrote them (sessions dir or the user's state dir). */
export function fallbackRecords(sessions: string, id: string): { type: string }[] {
  const out: { type: string }[] = [];
  for (const f of [join(sessions, `${id}.fallback.jsonl`), join(stateDir(), `${id}.fallback.jsonl`)]) {
    try {
      for (const l of readFileSync(f, "utf8").trim().split("\n")) out.push(JSON.parse(l));
    } catch {
      // not there
    }
  }
  return out;
}

export function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), "golive-mnt-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "ignore" });
    execFileSync("umount", [dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A real small file system for the sessions directory: fill it, or remount it read-only. */
export function tmpfs(sizeKb: number) {
  const dir = mkdtempSync(join(tmpdir(), "golive-mnt-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeKb}k,mode=0700`, "tmpfs", dir]);
  return {
    dir,
    readOnly: () => execFileSync("mount", ["-o", "remount,ro", dir]),
    readWrite: () => execFileSync("mount", ["-o", "remount,rw", dir]),
    /** Fills every free block with a file, so the next write gets ENOSPC. */
    fill: () => {
      try {
        execFileSync("dd", ["if=/dev/zero", `of=${join(dir, "filler")}`, "bs=4k"], { stdio: "ignore" });
      } catch {
        // dd stops with "No space left on device": that is the point
      }
    },
    unfill: () => execFileSync("rm", ["-f", join(dir, "filler")]),
    unmount: () => execFileSync("umount", ["-l", dir]),
  };
}
