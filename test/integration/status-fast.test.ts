/**
 * `golive status` without commander (source/cli/status-fast.ts, built into the one file
 * dist/quick-status.cjs): on a session a golive of this build wrote, it answers itself, and what it
 * answers — output, errors, exit code — is what commander's path answers. Anything it does not hold
 * (no kept state, --live, a form of arguments it does not take) is left to commander, with nothing
 * written.
 */
import { execFile } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { statusOptions } from "../../source/cli/status-fast.js";
import { golive } from "../helpers/cli.js";
import { minimalConfig } from "../helpers/env-config.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";
import { LOADED } from "../helpers/timeouts.js";

const run = promisify(execFile);
const NOW = "2026-12-02T04:20:00Z";
const env = (sessions: string) => ({
  ...process.env,
  GOLIVE_SESSIONS: sessions,
  GOLIVE_NOW: NOW,
  GOLIVE_USER: "tester",
});

/** dist/quick-status.cjs in a process of its own: its exit code (undefined: left to commander) and output. */
async function quick(sessions: string, args: string[]) {
  const script = `const { fastStatus } = await import(${JSON.stringify(join(ROOT, "dist", "quick-status.cjs"))});
    const code = await fastStatus(JSON.parse(process.argv[1]));
    process.stderr.write("\\n@@" + JSON.stringify(code ?? null));`;
  const r = await run(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(args)], {
    env: env(sessions),
    cwd: ROOT,
  }).catch((e: { stdout: string; stderr: string }) => e);
  const at = r.stderr.lastIndexOf("\n@@");
  return {
    code: JSON.parse(r.stderr.slice(at + 3)) as number | null,
    stdout: r.stdout,
    stderr: r.stderr.slice(0, at),
  };
}

async function viaCommander(sessions: string, args: string[]) {
  const r = await golive(["status", ...args], { sessions, env: { GOLIVE_NOW: NOW } });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** A session of the blue/green runbook with an environment config, last written by the built golive. */
async function session(config: boolean): Promise<{ sessions: string; id: string }> {
  const sessions = tempDir();
  const args = ["new", "--runbook", "checklists/go-live.md"];
  if (config) {
    const file = join(tempDir(), "env.json");
    writeFileSync(file, JSON.stringify(minimalConfig()));
    args.push("--config", file);
  }
  await run(process.execPath, [BIN, ...args], { env: env(sessions), cwd: ROOT });
  for (const item of ["i1", "i2", "i3"])
    await golive(["check", item], { sessions, env: { GOLIVE_NOW: NOW } });
  await run(process.execPath, [BIN, "note", "written by the built golive"], {
    env: env(sessions),
    cwd: ROOT,
  });
  const id = readdirSync(sessions)
    .find((n) => n.endsWith(".json"))!
    .slice(0, -5);
  return { sessions, id };
}

describe("status without commander", () => {
  let plain: { sessions: string; id: string };
  let configured: { sessions: string; id: string };
  beforeAll(async () => {
    [plain, configured] = await Promise.all([session(false), session(true)]);
  });

  it(
    "answers a session this build wrote exactly as commander's path does, the recorded gate too",
    async () => {
      for (const s of [plain, configured])
        for (const args of [
          [],
          ["--all"],
          ["--json"],
          ["--session", s.id.slice(0, 20)],
          [`--session=${s.id}`],
        ]) {
          const q = await quick(s.sessions, args);
          expect(q.code, `${args.join(" ")}: ${q.stderr}`).toBe(0);
          expect(q, args.join(" ")).toEqual(await viaCommander(s.sessions, args));
        }
      const gate = await quick(configured.sessions, []);
      expect(gate.stdout).toContain(
        "gate for 10 % green (from the record, no AWS call; golive status --live reads AWS now): closed",
      );
      expect(gate.stdout).toMatch(/\n {2}listener {7}never read back from AWS \(stale after 30s\)\n/);
    },
    LOADED,
  );

  it("gives commander's errors for a session that is not there", async () => {
    for (const args of [
      ["--session", "nope"],
      ["--sessions", join(plain.sessions, "none")],
    ]) {
      const q = await quick(plain.sessions, args);
      expect(q.code).toBe(3);
      expect(q).toEqual(await viaCommander(plain.sessions, args));
    }
  });

  it("leaves to commander, writing nothing, what it does not hold", async () => {
    const fresh = tempDir();
    await golive(["new", "--runbook", "checklists/go-live.md"], {
      sessions: fresh,
      env: { GOLIVE_NOW: NOW },
    });
    // Written by golive from source (another build): no kept state this build trusts.
    expect(await quick(fresh, [])).toEqual({ code: null, stdout: "", stderr: "" });
    expect(await quick(plain.sessions, ["--live"])).toEqual({ code: null, stdout: "", stderr: "" });
    for (const args of [
      ["--bogus"],
      ["-a"],
      ["--session"],
      ["--session", "-x"],
      ["--all=yes"],
      ["i1"],
      ["--session="],
    ])
      expect(statusOptions(args), args.join(" ")).toBeUndefined();
    expect(statusOptions(["--all", "--json", "--by", "ann", "--session=x", "--sessions", "d"])).toEqual({
      all: true,
      json: true,
      by: "ann",
      session: "x",
      sessions: "d",
    });
  });

  it("the installed binary: status and a session file that is not one answer as commander's path", async () => {
    const broken = tempDir();
    writeFileSync(join(broken, "20261202-0400-broken-0000.json"), "{ not json");
    for (const [sessions, args] of [
      [plain.sessions, []],
      [broken, []],
      [plain.sessions, ["--bogus"]],
    ] as const) {
      const r = await run(process.execPath, [BIN, "status", ...args], { env: env(sessions), cwd: ROOT }).then(
        (x) => ({ code: 0, stdout: x.stdout, stderr: x.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({
          code: e.code,
          stdout: e.stdout,
          stderr: e.stderr,
        }),
      );
      expect(r, `${sessions} ${args.join(" ")}`).toEqual(await viaCommander(sessions, [...args]));
    }
  });

  it("the installed binary's status loads no HTTP, TLS or ES module loader for a session on the machine's clock", async () => {
    // What start-up pays for: a module loaded at start is compiled on every run (node:http, https,
    // tls and net were about 11 M instructions of status's start-up before http-get.ts loaded them
    // on the first GET).
    const probe = join(tempDir(), "modules.cjs");
    writeFileSync(
      probe,
      'process.on("exit", () => process.stderr.write("\\n@@" + JSON.stringify(process.moduleLoadList)));',
    );
    const modules = async (args: string[]) => {
      const r = await run(process.execPath, ["--require", probe, ...args], {
        env: env(plain.sessions),
        cwd: ROOT,
      });
      return {
        stdout: r.stdout,
        loaded: JSON.parse(r.stderr.slice(r.stderr.lastIndexOf("\n@@") + 3)) as string[],
      };
    };
    // Judged against node itself in the same environment (stdout a pipe loads net there too).
    const floor = (await modules(["-e", "0"])).loaded;
    const { stdout, loaded } = await modules([BIN, "status"]);
    expect(stdout).toContain(`session ${plain.id}`);
    const heavy = ["http", "https", "tls", "net", "internal/modules/esm/loader", "child_process"];
    expect(
      heavy.filter((m) => loaded.includes(`NativeModule ${m}`) && !floor.includes(`NativeModule ${m}`)),
    ).toEqual([]);
    // The probe itself sees what it should: the modules status does need.
    expect(loaded).toContain("NativeModule vm");
  });
});
