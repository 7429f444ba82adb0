/**
 * `golive open` and `golive watch` as the lead and a viewer type them, in-process on a terminal:
 * a second writer is refused with who holds the session and what to do, a viewer draws beside the
 * writer and writes nothing, a ticked box shows in the viewer, and q in either gives the session back
 * (the next writer takes it).
 */
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { goliveOnTty } from "../helpers/fake-tty.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

const RUNBOOK = `${SEEDS}/deployment.md`;

async function newSession() {
  const sessions = tempDir();
  const clock = fixedClock("2026-11-23T11:40:00Z");
  const r = await golive(["new", "--runbook", RUNBOOK, "--t0", "2026-11-23T12:00:00Z"], {
    sessions,
    clock,
  });
  expect(r.code, r.stderr).toBe(0);
  return { sessions, clock };
}

describe("golive open / watch on a terminal", () => {
  it("one writer: a second open is refused (exit 4, who holds it, what to do); watch draws beside it read-only", async () => {
    const { sessions, clock } = await newSession();
    const lead = goliveOnTty(["open"], { sessions, clock, env: { GOLIVE_USER: "ann" } });
    // No environment config: the checklist only, and it says so where the traffic keys would be.
    const first = await lead.waitFor(
      (x) => x.includes("q quit") && x.includes("Space tick"),
      "the lead's cockpit",
    );
    expect(first).toContain("→ no environment config: work the checklist; traffic keys are off");
    expect(first).not.toContain("p promote");

    const second = await goliveOnTty(["open"], { sessions, clock, env: { GOLIVE_USER: "bob" } }).done;
    expect(second.code).toBe(4);
    const [line, hint, ...rest] = second.stderr.split("\n");
    expect(line).toMatch(/^golive: session \S+ is being written by pid \d+ on \S+ \(golive open, since /);
    expect(hint).toBe(
      "  → one writer per session: use `golive watch` (read-only) or `golive status`, or stop the other golive first",
    );
    expect(rest.join("")).toBe("");

    const viewer = goliveOnTty(["watch"], { sessions, clock, env: { GOLIVE_USER: "bob" } });
    const seen = await viewer.waitFor((s) => s.includes("q quit"), "the viewer's cockpit");
    // The viewer offers no key that changes anything (the lead's bar has R rollback).
    expect(first).toContain("R rollback");
    expect(seen).not.toContain("R rollback");

    // A box ticked by the lead (Space on the selected item) shows in the viewer, read from the session.
    expect(seen).not.toMatch(/\[x\] i\d+ /);
    lead.press(" ");
    const ticked = /\[x\] (i\d+) /.exec(
      await viewer.waitFor((x) => /\[x\] i\d+ /.test(x), "the tick in the viewer"),
    )![1]!;
    viewer.press("q");
    expect((await viewer.done).code).toBe(0);
    // The viewer can read the line before the lead's fsync returns; q then (an action in flight)
    // rightly asks "Quit anyway?". The lead quits once their own cockpit shows the tick recorded.
    await lead.waitFor((x) => x.includes(`[x] ${ticked} `), "the tick acknowledged in the lead's cockpit");
    lead.press("q");
    expect((await lead.done).code).toBe(0);

    // The lead's q gave the session back: the next writer takes it, and the tick is the lead's.
    const other = ticked === "i98" ? "i97" : "i98";
    const next = await golive(["check", other], { sessions, clock, env: { GOLIVE_USER: "bob" } });
    expect(next.code, next.stderr).toBe(0);
    const status = JSON.parse((await golive(["status", "--json"], { sessions, clock })).stdout);
    const marks = status.phases
      .flatMap((p: { items: { id: string; mark: { by: string } | null }[] }) => p.items)
      .filter((i: { mark: unknown }) => i.mark)
      .map((i: { id: string; mark: { by: string } }) => `${i.id} ${i.mark.by}`);
    expect(marks.sort()).toEqual([`${ticked} ann`, `${other} bob`].sort());
  });

  it("open and watch of a session that is not there: one line naming it, exit 3, nothing drawn", async () => {
    const { sessions, clock } = await newSession();
    for (const cmd of ["open", "watch"]) {
      const g = goliveOnTty([cmd, "no-such-session"], { sessions, clock });
      const r = await g.done;
      expect([r.code, r.stderr]).toEqual([
        3,
        `golive: no session "no-such-session" in ${sessions}\n  → list sessions with \`golive list\`\n`,
      ]);
      expect(g.screen()).not.toContain("q quit");
    }
  });

  it("watch --approve where nobody can approve: refused before the cockpit draws, one line with what to do", async () => {
    const { sessions, clock } = await newSession();
    const bare = goliveOnTty(["watch", "--approve"], { sessions, clock, env: { GOLIVE_USER: "bob" } });
    const r = await bare.done;
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringMatching(
        /^golive: session \S+ has no environment config\n {2}→ attach one with `golive attach --config FILE`/,
      ),
    ]);
    expect(bare.screen()).not.toContain("q quit");

    const s = await startSandbox();
    const teamless = tempDir();
    try {
      const made = await golive(["new", "--runbook", RUNBOOK, "--config", s.files.config], {
        sessions: teamless,
      });
      expect(made.code, made.stderr).toBe(0);
      const g = goliveOnTty(["watch", "--approve"], { sessions: teamless, env: { GOLIVE_USER: "bob" } });
      const t = await g.done;
      expect(t.code).toBe(2);
      expect(t.stderr).toMatch(
        /^golive: session \S+ is not a team session \(its config has no team\.s3\): there is nobody to approve\n/,
      );
      expect(g.screen()).not.toContain("q quit");
    } finally {
      await s.sb.stop();
    }
  });

  it("a viewer's e writes a copy of its own, named for the viewer, never over one already there; the session is untouched", async () => {
    const { sessions, clock } = await newSession();
    const events = async () =>
      JSON.parse((await golive(["export", "--format", "json", "--out", "-"], { sessions, clock })).stdout)
        .session.events.length as number;
    const before = await events();
    const viewer = goliveOnTty(["watch"], { sessions, clock, env: { GOLIVE_USER: "bob o'brien" } });
    await viewer.waitFor((x) => x.includes("q quit"), "the viewer's cockpit");
    // The screen is kept as drawn, each redraw after the last: the notice names each copy written.
    const written = (x: string) => [
      ...new Set([...x.matchAll(/sign-off record written: (\S+\.md)/g)].map((m) => m[1]!)),
    ];
    viewer.press("e");
    const [first] = written(await viewer.waitFor((x) => written(x).length === 1, "the first copy"));
    viewer.press("e");
    const second = written(await viewer.waitFor((x) => written(x).length === 2, "the second copy"))[1];
    viewer.press("q");
    expect((await viewer.done).code).toBe(0);
    expect(first).toMatch(/\.signoff\.viewer-bob-o-brien-20261123T114000\.md$/);
    expect(second).toBe(first!.replace(/\.md$/, "-2.md"));
    expect(
      readdirSync(sessions)
        .filter((f) => f.includes(".signoff"))
        .sort(),
    ).toEqual([basename(first!), basename(second!)].sort());
    expect(await events()).toBe(before);
  });
});
