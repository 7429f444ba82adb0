/**
 * Commands the first suite never ran: uncheck, status --all, --session prefixes, and `run` with
 * recorded values and with a failing command (real bash, real files, the sandbox as AWS).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

const RUNBOOK = "checklists/deployment.md";

function sessionEvents(sessions: string, g: typeof golive) {
  return async (ref?: string) => {
    const r = await g(["export", "--format", "json", "--out", "-", ...(ref ? ["--session", ref] : [])], {
      sessions,
    });
    if (r.code !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout).session.events as {
      type: string;
      data: Record<string, unknown>;
      by: string;
    }[];
  };
}

describe("uncheck", () => {
  it("unticks an item, keeps the earlier tick in the log, and shows it open everywhere", async () => {
    const sessions = tempDir();
    const clock = fixedClock("2026-11-23T11:40:00Z");
    const g = (args: string[]) => golive(args, { sessions, clock });
    expect((await g(["new", "--runbook", RUNBOOK, "--t0", "2026-11-23T12:00:00Z"])).code).toBe(0);
    expect((await g(["check", "i1", "--note", "merged"])).code).toBe(0);
    const un = await g(["uncheck", "1", "--reason", "the wrong box", "--by", "bob"]);
    expect(un).toMatchObject({ code: 0, stdout: "○ i1 All code merged to main branch\n" });
    const status = JSON.parse((await g(["status", "--json"])).stdout);
    const i1 = status.phases
      .flatMap((p: { items: unknown[] }) => p.items)
      .find((i: { id: string }) => i.id === "i1");
    expect(i1).toMatchObject({ done: false, mark: { checked: false, by: "bob" } });
    expect(status.progress.done).toBe(0);
    const events = await sessionEvents(sessions, golive)();
    expect(events.slice(-2).map((e) => [e.type, e.data.item, e.by])).toEqual([
      ["item.checked", "i1", "tester"],
      ["item.unchecked", "i1", "bob"],
    ]);
    expect(events.at(-1)!.data.reason).toBe("the wrong box");
    const md = (await g(["export", "--out", "-"])).stdout;
    expect(md).toContain("- [ ] All code merged to `main` branch");
    const bad = await g(["uncheck", "i999"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^golive: no item "i999" in this runbook \(items are i1–i98\)\n/);
  });
});

describe("status --all", () => {
  it("lists every phase's items and fields with their ids, not just the current phase's open ones", async () => {
    const sessions = tempDir();
    const clock = fixedClock("2026-11-23T11:40:00Z");
    const g = (args: string[]) => golive(args, { sessions, clock });
    await g(["new", "--runbook", RUNBOOK, "--t0", "2026-11-23T12:00:00Z"]);
    await g(["check", "i2"]);
    await g(["record", "f3", "42ms"]);
    const json = JSON.parse((await g(["status", "--json"])).stdout);
    const items: { id: string; text: string }[] = json.phases.flatMap((p: { items: unknown[] }) => p.items);
    const fields: { id: string }[] = json.phases.flatMap((p: { fields: unknown[] }) => p.fields);
    const all = (await g(["status", "--all"])).stdout;
    const short = (await g(["status"])).stdout;
    const itemIds = [...all.matchAll(/\[[ x]\] (i\d+) /g)].map((m) => m[1]);
    expect(itemIds).toEqual(items.map((i) => i.id));
    const fieldIds = new Set([...all.matchAll(/^\s+(f\d+) /gm)].map((m) => m[1]));
    expect(fieldIds).toEqual(new Set(fields.map((f) => f.id)));
    expect(all).toMatch(/\[x\] i2 {3}.* — tester 11:40Z/);
    expect(all).toMatch(/f3 {3}Latency p95: 42ms {2}— tester 11:40Z/);
    expect(all).not.toContain("(golive status --all lists every item");
    // Without --all only the phases that need attention now, and a pointer to --all.
    expect(short).toMatch(/\(golive status --all lists every item, field .*with its id\)/);
    const last = items.at(-1)!;
    expect(all).toContain(`${last.id.padEnd(4)} ${last.text}`);
    expect(short).not.toContain(`${last.id.padEnd(4)} ${last.text}`);
  });
});

describe("--session", () => {
  it("takes an id, a unique prefix or a file; refuses an ambiguous or unknown prefix", async () => {
    const sessions = tempDir();
    const clock = fixedClock("2026-11-23T11:40:00Z");
    const g = (args: string[]) => golive(args, { sessions, clock });
    const a = JSON.parse((await g(["new", "--runbook", RUNBOOK, "--env", "alpha", "--json"])).stdout);
    const b = JSON.parse((await g(["new", "--runbook", RUNBOOK, "--env", "beta", "--json"])).stdout);
    expect(a.id).toMatch(/^20261123-1140-alpha-/);
    expect(b.id).toMatch(/^20261123-1140-beta-/);
    // A unique prefix picks that session, for writing and for reading.
    expect((await g(["check", "i5", "--session", "20261123-1140-al"])).code).toBe(0);
    const done = async (ref: string) =>
      JSON.parse((await g(["status", "--json", "--session", ref])).stdout).progress.done as number;
    expect(await done(a.id)).toBe(1);
    expect(await done("20261123-1140-b")).toBe(0);
    // A path to the file works as well.
    expect(await done(join(sessions, `${a.id}.json`))).toBe(1);
    const ambiguous = await g(["status", "--session", "20261123"]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(`session "20261123" is ambiguous:`);
    expect(ambiguous.stderr).toContain(a.id);
    expect(ambiguous.stderr).toContain(b.id);
    const unknown = await g(["check", "i1", "--session", "2025"]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(
      /^golive: no session "2025" in .*\n {2}→ list sessions with `golive list`\n$/,
    );
    // Nothing was written to either session by the refused commands.
    expect(await done(a.id)).toBe(1);
    expect(await done(b.id)).toBe(0);
  });
});

describe("golive run", () => {
  let s: Awaited<ReturnType<typeof startSandbox>>;
  let sessions: string;
  let work: string;
  const g = (args: string[]) => golive(args, { sessions, cwd: work, clock: { now: () => s.sb.clock.now() } });
  beforeEach(async () => {
    s = await startSandbox();
    sessions = tempDir();
    work = tempDir();
    const made = await golive(
      [
        "new",
        "--runbook",
        join(process.cwd(), "test/fixtures/commands-runbook.md"),
        "--config",
        s.files.config,
      ],
      { sessions, clock: { now: () => s.sb.clock.now() } },
    );
    if (made.code !== 0) throw new Error(made.stderr);
  });
  afterEach(async () => s.sb.stop());

  it("puts a recorded value into the command, in every quoting, shows it first, and ticks the item", async () => {
    // A value of the field's type (values with shell syntax are refused when recorded).
    const value = "v2.1.0-rc.1";
    expect((await g(["record", "f1", value])).code).toBe(0);
    const r = await g(["run", "i2", "--yes"]);
    expect(r.code, r.stderr).toBe(0);
    // What will run is shown word for word before it runs: the value as an env assignment, the
    // command reading it from the environment.
    expect(r.stdout).toContain(`env GOLIVE_F1=`);
    expect(r.stdout).toContain(`printf '%s\\n' "\${GOLIVE_F1}" > tag.txt`);
    expect(r.stdout).toMatch(/PASS: exit 0/);
    expect(readFileSync(join(work, "tag.txt"), "utf8")).toBe(
      `${value}\nquoted: ${value}\nsingle: ${value}\n`,
    );
    const events = await sessionEvents(sessions, golive)();
    expect(events.find((e) => e.type === "check.ran")?.data).toMatchObject({
      item: "i2",
      ok: true,
      exitCode: 0,
    });
    expect(events.at(-1)).toMatchObject({ type: "item.checked", data: { item: "i2" } });
  });

  it("refuses a command whose value is not recorded yet, and runs nothing", async () => {
    const r = await g(["run", "i2", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the command uses \{\{f1\}\}, but f1 has no value yet \(record it first\)/);
    expect(existsSync(join(work, "tag.txt"))).toBe(false);
  });

  it("a failing command: exit 7, FAIL with its output, recorded as a failed check, item left open", async () => {
    const r = await g(["run", "i3", "--yes"]);
    expect(r.code).toBe(7);
    expect(r.stdout).toMatch(/FAIL: exit 3 in \d+\.\d s\nsmoke: 2 of 3 endpoints answered\n/);
    const events = await sessionEvents(sessions, golive)();
    expect(events.at(-1)).toMatchObject({
      type: "check.ran",
      data: { item: "i3", ok: false, exitCode: 3, evidence: expect.stringContaining("smoke: 2 of 3") },
    });
    expect(events.some((e) => e.type === "item.checked")).toBe(false);
    const status = JSON.parse((await g(["status", "--json"])).stdout);
    expect(status.progress.done).toBe(0);
    // An item with nothing to run says so.
    const none = await g(["run", "i4", "--yes"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/i4 has no check: bind one with <!-- golive check KIND -->/);
  });
});
