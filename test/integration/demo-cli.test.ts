/**
 * `golive demo` as a person starts it: words that cannot make a rehearsal are refused with one line
 * and what to type instead, before a sandbox starts or a session is written; on a terminal the demo
 * draws the cockpit, and on q it says where the session is, stops its sandbox and leaves the port
 * free. Reopening that session later runs on the wall clock and says so on screen.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { goliveOnTty } from "../helpers/fake-tty.js";
import { tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";

const bindable = (port: number) =>
  new Promise<boolean>((res) => {
    const s = createServer()
      .once("error", () => res(false))
      .listen(port, "127.0.0.1", () => s.close(() => res(true)));
  });

/** A demo at 600× on a terminal (what a rehearsal would run at --speed 60, ten times faster). */
const fastDemo = (port: number, sessions: string, args: string[], env?: Record<string, string>) =>
  goliveOnTty(["demo", "--speed", "600", "--port", String(port), ...args], { sessions, env });

describe("golive demo: refusals before anything starts", () => {
  it("bad --speed, --port or --scenario: exit 2, one line naming the value, no session, port untouched", async () => {
    const sessions = tempDir();
    const port = await freePortPair();
    const bad = join(sessions, "bad-scenario.json");
    writeFileSync(bad, "{ not json");
    for (const [args, code, line, hint] of [
      [["--speed", "0"], 2, '--speed must be 1 to 600, got "0"', undefined],
      [["--speed", "fast"], 2, '--speed must be 1 to 600, got "fast"', undefined],
      [["--speed", "601"], 2, '--speed must be 1 to 600, got "601"', undefined],
      [["--port", "0"], 2, '--port must be 1-65534, got "0"', undefined],
      [["--port", "65535"], 2, '--port must be 1-65534, got "65535"', undefined],
      [["--port", "80.5"], 2, '--port must be 1-65534, got "80.5"', undefined],
      [
        ["--scenario", "flaky"],
        2,
        'unknown scenario "flaky"',
        "use steady, flaky-green, slow-green, crash-canary, or a JSON scenario file",
      ],
      [
        ["--scenario", bad],
        3,
        `${bad}: cannot read scenario (`,
        "a scenario is a JSON file; see `golive sandbox --help`",
      ],
    ] as const) {
      const r = await golive(["demo", "--port", String(port), ...args], { sessions, tty: true });
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(code);
      const [first, second, ...rest] = r.stderr.split("\n");
      expect(first).toContain(`golive: ${line}`);
      expect(second).toBe(hint ? `  → ${hint}` : "");
      expect(rest.join("")).toBe("");
      expect(r.stdout).toBe("");
    }
    expect(readdirSync(sessions)).toEqual(["bad-scenario.json"]);
    expect(await bindable(port)).toBe(true);
  });

  it("not on a terminal, or TERM=dumb: exit 2 saying what to use instead; no sandbox started, nothing written", async () => {
    const sessions = tempDir();
    const port = await freePortPair();
    const piped = await golive(["demo", "--port", String(port)], { sessions });
    expect([piped.code, piped.stderr]).toEqual([
      2,
      "golive: the cockpit needs an interactive terminal (stdin and stdout are not a TTY)\n" +
        "  → in scripts use the headless commands: golive status, check, record, promote, rollback, metrics, monitor\n",
    ]);
    const g = goliveOnTty(["demo", "--port", String(port)], { sessions, env: { TERM: "dumb" } });
    const dumb = await g.done;
    expect([dumb.code, dumb.stderr]).toEqual([
      2,
      "golive: TERM=dumb cannot draw the cockpit\n  → set TERM (e.g. xterm-256color or tmux-256color), or use golive status / metrics\n",
    ]);
    expect(readdirSync(sessions)).toEqual([]);
    expect(await bindable(port)).toBe(true);
  });
});

describe("golive demo on a terminal", () => {
  it("draws the cockpit on the sandbox's clock; q ends it, names the session, frees the port; reopened it says WALL CLOCK", async () => {
    const sessions = tempDir();
    const port = await freePortPair();
    const g = fastDemo(port, sessions, ["--scenario", "slow-green", "--t0", "2030-01-02T03:04Z"], {
      GOLIVE_USER: "dana",
    });
    await g.waitFor((s) => s.includes("q quit") && s.includes("p promote"), "the cockpit");
    // The engine loaded beside it: the next-step line reads the gate (on the sandbox's data).
    await g.waitFor((s) => s.includes("→ gate "), "the gate's line");
    // The cockpit goes on with the store the demo created: its lock's first record, never released
    // and taken again (that would leave record 3, after a "released" 2), held as the cockpit's.
    const [made] = readdirSync(sessions).filter((f) => f.endsWith(".json"));
    const lock = join(sessions, `${made}.lock`);
    expect(readdirSync(lock)).toEqual(["1"]);
    expect(JSON.parse(readFileSync(join(lock, "1"), "utf8"))).toMatchObject({
      kind: "held",
      command: "golive open",
    });
    g.press("q");
    const r = await g.done;
    expect(r.code, r.stderr).toBe(0);
    const file = /demo ended; the session is (\S+)\n/.exec(r.stdout)?.[1];
    expect(file && existsSync(file)).toBe(true);
    expect(r.stdout).toContain(`reopen it with: golive open --sessions ${sessions} (the sandbox is gone`);
    expect(await bindable(port)).toBe(true);
    expect(await bindable(port + 1)).toBe(true);

    // What the record says of the rehearsal: the sandbox's clock at its speed, its environment, T-0 as asked.
    const status = await golive(["status", "--json"], { sessions });
    expect(status.code, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout);
    expect([s.lead, s.env, s.version, s.file]).toEqual(["dana", "sandbox", "2.0", file]);
    const exported = JSON.parse(
      (await golive(["export", "--format", "json", "--out", "-"], { sessions })).stdout,
    );
    const created = exported.session.events[0].data;
    expect(created.clock).toEqual({ source: "sandbox", url: `http://127.0.0.1:${port}`, speed: 600 });
    expect(created.t0).toBe("2030-01-02T03:04:00.000Z");

    // The sandbox is gone: the reopened cockpit says its clock is the wall clock, not the session's.
    const again = goliveOnTty(["open"], { sessions, env: { GOLIVE_USER: "dana" } });
    await again.waitFor((x) => x.includes("WALL CLOCK, not the session's"), "the wall-clock warning");
    again.press("q");
    expect((await again.done).code).toBe(0);
  });

  it("--runbook a file that is not there: one line, exit 3, its sandbox stopped; --ingress: the config names the Ingress", async () => {
    const sessions = tempDir();
    const port = await freePortPair();
    const missing = await goliveOnTty(["demo", "--port", String(port), "--runbook", "no-such-runbook.md"], {
      sessions,
    }).done;
    expect([missing.code, missing.stderr]).toEqual([
      3,
      "golive: no-such-runbook.md: no such runbook file\n  → pass --runbook with the path of a Markdown runbook, e.g. checklists/deployment.md\n",
    ]);
    expect(readdirSync(sessions).filter((f) => f.endsWith(".json"))).toEqual([]);
    expect(await bindable(port)).toBe(true);

    // The AWS Load Balancer Controller owns the listener: promote and rollback go through its annotation.
    const g = fastDemo(port, sessions, ["--ingress", "--runbook", "checklists/deployment.md"]);
    await g.waitFor((s) => s.includes("q quit") && s.includes("p promote"), "the cockpit");
    g.press("q");
    expect((await g.done).code).toBe(0);
    const exported = JSON.parse(
      (await golive(["export", "--format", "json", "--out", "-"], { sessions })).stdout,
    );
    const created = exported.session.events[0].data;
    expect(created.runbook.file).toBe("checklists/deployment.md");
    expect(created.config.value.kubernetes.ingress).toEqual({
      name: "nba-mcp-synthesis",
      action: "blue-green",
    });
  });
});
