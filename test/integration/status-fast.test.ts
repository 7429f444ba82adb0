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

type Answer = { code: number | null; stdout: string; stderr: string };

/**
 * The build in one process of its own, for a list of calls: `main` is dist/cli.js's (golive as the
 * build runs it), `quick` is dist/quick-status.cjs's fastStatus (its exit code, null: left to
 * commander). One process for many calls: each was a node start-up of its own, ~20 of them.
 */
async function built(calls: { op: "main" | "quick"; sessions: string; args: string[] }[]): Promise<Answer[]> {
  const script = `import { Writable } from "node:stream";
    const { main } = await import(${JSON.stringify(join(ROOT, "dist", "cli.js"))});
    const { fastStatus } = await import(${JSON.stringify(join(ROOT, "dist", "quick-status.cjs"))});
    const MISSED = Symbol.for("golive.quickStatusMiss");
    const answers = [];
    for (const c of JSON.parse(process.argv[1])) {
      Object.assign(process.env, c.env);
      // A miss in one call (a module the quick file does not hold) must not leave the next call missed.
      delete globalThis[MISSED];
      const out = { stdout: "", stderr: "" };
      const to = (k) => new Writable({ write(chunk, _e, done) { out[k] += chunk; done(); } });
      const io = { stdout: to("stdout"), stderr: to("stderr") };
      const code = c.op === "main" ? await main(c.args, io) : await fastStatus(c.args, io);
      await new Promise((r) => setImmediate(r));
      answers.push({ code: code ?? null, ...out });
    }
    process.stdout.write(JSON.stringify(answers));`;
  const list = calls.map((c) => ({ op: c.op, args: c.args, env: { GOLIVE_SESSIONS: c.sessions } }));
  const r = await run(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(list)], {
    env: env(""),
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(r.stdout) as Answer[];
}

async function viaCommander(sessions: string, args: string[]) {
  const r = await golive(["status", ...args], { sessions, env: { GOLIVE_NOW: NOW } });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** Two sessions of the blue/green runbook, plain and with an environment config, written by the build. */
async function sessions(): Promise<{ sessions: string; id: string }[]> {
  const made = [false, true].map((config) => {
    const sessions = tempDir();
    const args = ["new", "--runbook", "checklists/go-live.md"];
    if (config) {
      const file = join(tempDir(), "env.json");
      writeFileSync(file, JSON.stringify(minimalConfig()));
      args.push("--config", file);
    }
    const steps = [
      args,
      ...["i1", "i2", "i3"].map((i) => ["check", i]),
      ["note", "written by the built golive"],
    ];
    return { sessions, steps };
  });
  const answers = await built(
    made.flatMap((m) => m.steps.map((args) => ({ op: "main" as const, sessions: m.sessions, args }))),
  );
  for (const a of answers) expect(a.code, a.stderr).toBe(0);
  return made.map(({ sessions }) => ({
    sessions,
    id: readdirSync(sessions)
      .find((n) => n.endsWith(".json"))!
      .slice(0, -5),
  }));
}

describe("status without commander", () => {
  let plain: { sessions: string; id: string };
  let configured: { sessions: string; id: string };
  /** Written by golive from source (another build): no kept state this build trusts. */
  const fresh = tempDir();
  const forms = (id: string) => [
    [],
    ["--all"],
    ["--json"],
    ["--session", id.slice(0, 20)],
    [`--session=${id}`],
  ];
  const missing = () => [
    ["--session", "nope"],
    ["--sessions", join(plain.sessions, "none")],
  ];
  /** fastStatus's answer to each (sessions, args) the tests ask about, all from one process. */
  const quick = new Map<string, Answer>();
  const key = (sessions: string, args: string[]) => JSON.stringify([sessions, args]);
  const quickOf = (sessions: string, args: string[]) => quick.get(key(sessions, args))!;
  beforeAll(async () => {
    [plain, configured] = (await sessions()) as [typeof plain, typeof plain];
    await golive(["new", "--runbook", "checklists/go-live.md"], {
      sessions: fresh,
      env: { GOLIVE_NOW: NOW },
    });
    const calls: [string, string[]][] = [
      ...[plain, configured].flatMap((s) =>
        forms(s.id).map((args): [string, string[]] => [s.sessions, args]),
      ),
      ...missing().map((args): [string, string[]] => [plain.sessions, args]),
      [fresh, []],
      [plain.sessions, ["--live"]],
    ];
    const answers = await built(calls.map(([sessions, args]) => ({ op: "quick", sessions, args })));
    for (const [i, [sessions, args]] of calls.entries()) quick.set(key(sessions, args), answers[i]!);
  }, LOADED);

  it("answers a session this build wrote exactly as commander's path does, the recorded gate too", async () => {
    for (const s of [plain, configured])
      for (const args of forms(s.id)) {
        const q = quickOf(s.sessions, args);
        expect(q.code, `${args.join(" ")}: ${q.stderr}`).toBe(0);
        expect(q, args.join(" ")).toEqual(await viaCommander(s.sessions, args));
      }
    const gate = quickOf(configured.sessions, []);
    expect(gate.stdout).toContain(
      "gate for 10 % green (from the record, no AWS call; golive status --live reads AWS now): closed",
    );
    expect(gate.stdout).toMatch(/\n {2}listener {7}never read back from AWS \(stale after 30s\)\n/);
  });

  it("gives commander's errors for a session that is not there", async () => {
    for (const args of missing()) {
      const q = quickOf(plain.sessions, args);
      expect(q.code).toBe(3);
      expect(q).toEqual(await viaCommander(plain.sessions, args));
    }
  });

  it("leaves to commander, writing nothing, what it does not hold", async () => {
    expect(quickOf(fresh, [])).toEqual({ code: null, stdout: "", stderr: "" });
    expect(quickOf(plain.sessions, ["--live"])).toEqual({ code: null, stdout: "", stderr: "" });
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
