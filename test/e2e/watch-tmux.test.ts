/**
 * `golive watch` beside a `golive demo --speed 60` in real tmux (issue 12, I10): the viewer runs on
 * the session's clock (the demo's sandbox clock, moved by the test through the sandbox's admin API),
 * its `e` writes a new file of its own and never the lead's export, and when the sandbox dies
 * (kill -9 of the demo) every live pane says STALE with its age — never OK.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { BIN, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { advanceSandboxClock } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

const env = (sessions: string, user: string) => cockpitEnv(sessions, { NO_COLOR: "1", GOLIVE_USER: user });

/** The header's T clock in seconds (T-00:05:00 → -300). */
function tClock(screen: string): number {
  const m = /T([+-])(\d\d):(\d\d):(\d\d)/.exec(screen.split("\n")[0] ?? "");
  if (!m) throw new Error(`no T clock in the header:\n${screen}`);
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]));
}

async function sandboxNow(port: number): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${port}/_sandbox/clock`);
  return ((await r.json()) as { now: number }).now;
}

/**
 * Every thread of `pid` stopped (state T in /proc): kill(SIGSTOP) returns before the signal has
 * taken the process, and a write already under way (a libuv pool thread appending a period) still
 * lands; once every thread reads T, nothing more does.
 */
function allThreadsStopped(pid: number): boolean {
  return readdirSync(`/proc/${pid}/task`).every((t) => {
    const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, "utf8");
    return /^[Tt]$/.test(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? "");
  });
}

function sessionFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [e.name, readFileSync(join(dir, e.name), "base64")]),
  );
}

/**
 * The session's chain as on disk (the compacted document, then its journal; a read that meets the
 * lead mid-compaction, a gap between the two, is read again): each event as `seq:by:type:hash`.
 */
function sessionEvents(dir: string, file: string): string[] {
  for (let attempt = 0; ; attempt++) {
    try {
      const events = JSON.parse(readFileSync(join(dir, file), "utf8")).events as Ev[];
      let journal = "";
      try {
        journal = readFileSync(join(dir, `${file}.journal`), "utf8");
      } catch {}
      for (const line of journal.split("\n").slice(0, -1)) {
        const e = JSON.parse(line) as Ev;
        if (e.seq > events.length) events.push(e);
      }
      if (events.every((e, i) => e.seq === i + 1 && (i === 0 || e.prev === events[i - 1]!.hash)))
        return events.map((e) => `${e.seq}:${e.by}:${e.type}:${e.hash}`);
    } catch (e) {
      if (attempt > 20) throw e;
    }
    if (attempt > 20) throw new Error(`${file}: the chain does not follow on`);
  }
}
type Ev = { seq: number; by: string; type: string; hash: string; prev: string };

describe("golive watch beside a demo at --speed 60", () => {
  it("runs on the demo's sandbox clock when it is moved, e writes the viewer's own new file, and a dead sandbox turns every live pane STALE with its age", async () => {
    const port = await freePortPair();
    const sessions = tempDir("watch-e2e-");
    const lead = await TmuxSession.start(
      "watch-lead",
      { columns: 120, rows: 40 },
      `node ${BIN} demo --speed 60 --port ${port}`,
      env(sessions, "lead"),
    );
    let viewer: TmuxSession | undefined;
    try {
      // The lead's cockpit has read the listener (recorded) and exports the record with e.
      await lead.waitFor((s) => /blue 100 █+ green 0/.test(s), "the demo's first listener read");
      await lead.keys("e");
      const exported = (
        await lead.waitFor((s) => /sign-off record written: \S+\.signoff\.md/.test(s), "the lead's export")
      ).match(/sign-off record written: (\S+\.signoff\.md)/)![1]!;
      const leadExport = readFileSync(exported);
      const sessionFile = readdirSync(sessions).find((f) => /^\d{8}-\d{4}-.*\.json$/.test(f))!;
      const t0 = Date.parse(JSON.parse(readFileSync(join(sessions, sessionFile), "utf8")).events[0].data.t0);

      viewer = await TmuxSession.start(
        "watch-viewer",
        { columns: 200, rows: 50 },
        `node ${BIN} watch`,
        env(sessions, "bob"),
      );
      await viewer.waitFor((s) => s.includes("READ-ONLY") && /error rate ✓ .* OK/.test(s), "the viewer");

      // Three hours on the sandbox clock: the viewer follows (the wall clock would still say T-00:0x).
      await advanceSandboxClock(port, 3 * 3600_000);
      await viewer.waitFor((x) => /T\+0[23]:/.test(x.split("\n")[0] ?? ""), "the moved clock");
      // The screen between two reads of the sandbox's clock: it redraws every real second (a minute
      // at 60×), so it may lag a few sandbox minutes on a loaded machine — never the 3 hours the
      // wall clock would be off.
      const readBefore = (await sandboxNow(port)) - t0;
      let s = await viewer.screen();
      const readAfter = (await sandboxNow(port)) - t0;
      expect(tClock(s)).toBeGreaterThan(readBefore / 1000 - 300);
      expect(tClock(s)).toBeLessThan(readAfter / 1000 + 5);
      // The phase follows the clock too: T-0's hour is over, the T+1h phase is due. Waited for: the
      // header's clock is a leaf redrawn on its own tick, the timeline with the App's next render, and
      // a capture between the two (load 30 here, once: T+03:11:52 over a T-0 still "now") is no
      // answer either way; a timeline that never follows still fails here.
      await viewer.waitFor(
        (x) => /T\+1h .*Post-Deployment \(T\+1 hour\).*(OVERDUE|now)/.test(x),
        "the T+1h phase due on the moved clock",
      );
      // The metrics window follows the same clock: fresh and judged, not 3 hours stale.
      s = await viewer.waitFor((x) => /error rate ✓ [\d.]+ %\s+OK/.test(x), "metrics after the move");
      expect(s).not.toContain("STALE");

      // e in the viewer: a new file of its own, twice; the lead's export and the session untouched.
      // The lead's cockpit records on its own meanwhile (a settled metric period every sandbox
      // minute, a second here): it is stopped (SIGSTOP) while the viewer exports, so every byte
      // that changes in the sessions directory is the viewer's, and the check stays exact.
      const leadPid = await lead.programPid();
      const recorded = sessionEvents(sessions, sessionFile);
      process.kill(leadPid, "SIGSTOP");
      await vi.waitFor(() => expect(allThreadsStopped(leadPid)).toBe(true), {
        timeout: 10_000,
        interval: 10,
      });
      let first: string;
      let second: string;
      try {
        const before = sessionFiles(sessions);
        await viewer.keys("e");
        s = await viewer.waitFor((x) => /sign-off record written: \S+/.test(x), "the viewer's export");
        first = s.match(/sign-off record written: (\S+)/)![1]!;
        await viewer.keys("e");
        s = await viewer.waitFor(
          (x) => /sign-off record written: \S+/.test(x) && x.match(/written: (\S+)/)![1] !== first,
          "the viewer's second export",
          15_000,
        );
        second = s.match(/sign-off record written: (\S+)/)![1]!;
        const after = sessionFiles(sessions);
        for (const [name, bytes] of Object.entries(before)) expect(after[name], name).toBe(bytes);
        expect(Object.keys(after).sort()).toEqual(
          [...Object.keys(before), first.split("/").pop()!, second.split("/").pop()!].sort(),
        );
      } finally {
        process.kill(leadPid, "SIGCONT");
      }
      expect(first).toMatch(/\.signoff\.viewer-bob-\d{8}T\d{6}(-\d+)?\.md$/);
      expect(second).not.toBe(first);
      expect(readFileSync(exported).equals(leadExport)).toBe(true);
      // Resumed, the lead's cockpit goes on recording onto the same chain: nothing the viewer did
      // made its writer refuse the session (it refuses a document or journal changed under it).
      await vi.waitFor(
        () => {
          const now = sessionEvents(sessions, sessionFile);
          expect(now.length).toBeGreaterThan(recorded.length);
          expect(now.slice(0, recorded.length)).toEqual(recorded);
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(await lead.screen()).not.toContain("by something other than this golive");
      expect(readFileSync(first, "utf8")).toContain("Deployment Checklist");

      // The sandbox dies with the demo (kill -9): no evidence anywhere, each with its age.
      execFileSync("kill", ["-9", String(await lead.programPid())]);
      const stale = (x: string) =>
        x.includes("listener STALE") &&
        x.includes("clock STALE") &&
        (x.match(/\? STALE \d+m\d\ds old/g) ?? []).length >= 2 &&
        !/(error rate|p95)\s+[✓▲✖]/.test(x);
      // The health probe polls on its own period, so its ✖ may land a frame after the panes go
      // stale: wait for both rather than reading the first stale frame.
      s = await viewer.waitFor(
        (x) => stale(x) && /health ✖/.test(x),
        "every live pane stale and health ✖",
        20_000,
      );
      const age = (x: string) =>
        x
          .match(/\? STALE (\d+)m(\d\d)s old/)!
          .slice(1)
          .map(Number);
      const [m1, s1] = age(s);
      // The age keeps growing (the clock runs on from its last reading): it is an age, not a label.
      s = await viewer.waitFor((x) => {
        if (!stale(x)) return false;
        const [m2, s2] = age(x);
        return m2! * 60 + s2! > m1! * 60 + s1! + 60;
      }, "the stale age to grow");
      await viewer.keys("q");
      await viewer.waitFor((x) => x.includes("[exited 0]"), "the viewer quits");
    } finally {
      viewer?.kill();
      lead.kill();
    }
  });
});
