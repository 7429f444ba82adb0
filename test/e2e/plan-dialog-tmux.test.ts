/**
 * The promote dialog shows the plan it follows and where each value comes from, for three
 * runbooks in different styles, in real tmux through `golive demo --runbook FILE`. The dwell the
 * runbook states is the one the gate holds; time moves on the sandbox clock, never by waiting.
 */
import { afterAll, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

const CASES = [
  {
    runbook: "test/fixtures/search-rollout.md",
    first: 5,
    plan: "Plan: 5 % → 25 % → 100 % (runbook search-rollout.md:13)",
    step: "Step 1 of 3: 5 % green, then dwell 15 min (runbook search-rollout.md:15)",
    go: "go: error < 0.5 % (runbook:18), p95 < 300 ms (runbook:19)",
    rollback: ["rollback > 2 % (runbook:20)", "rollback > 800 ms (runbook:21)"],
    dwell: 15,
  },
  {
    runbook: "checklists/deployment.md",
    first: 10,
    plan: "Plan: 10 % → 50 % → 100 % (runbook deployment.md:174)",
    step: "Step 1 of 3: 10 % green, then dwell 10 min (runbook deployment.md:177)",
    go: "go: error < 1 % (runbook:178), p95 < 50 ms (runbook:37)",
    rollback: ["rollback > 5 % (runbook:312)", "rollback > 100 ms (runbook:313)"],
  },
  {
    runbook: "checklists/go-live.md",
    first: 10,
    plan: "Plan: 10 % → 50 % → 100 % (default)",
    step: "Step 1 of 3: 10 % green, then dwell 10 min (default)",
    go: "go: error < 1 % (default), p95 < 50 ms (default)",
    rollback: ["rollback > 5 % (default)", "rollback > 100 ms (default)"],
  },
];

describe("the promote dialog shows the runbook's plan and its source", () => {
  for (const c of CASES) {
    it(`${c.runbook}`, async () => {
      const port = await freePortPair();
      const sessions = tempDir("plan-tmux-");
      const t = await TmuxSession.start(
        `plan-${c.first}-${port}`,
        { columns: 200, rows: 50 },
        `node ${BIN} demo --runbook ${c.runbook} --port ${port}`,
        cockpitEnv(sessions, { NO_COLOR: "1" }),
      );
      try {
        const first = await t.waitFor((x) => x.includes("health ✓ 200"), "first frame with health", 90_000);
        // The metric panes show the thresholds in force with their source, with or without a config.
        expect(first).toContain(c.go.includes("default") ? "(default)" : "(runbook:");
        for (const r of c.rollback) expect(first).toContain(r);
        await t.keys("p");
        const d = await t.waitFor(
          (x) => x.includes(`Promote to ${c.first} % green`),
          "promote dialog",
          60_000,
        );
        expect(d).toContain(c.plan);
        expect(d).toContain(c.step);
        expect(d).toContain(c.go);
        if (c.dwell) {
          // Promote (with an override if the gate still waits for data), then the next step's dwell.
          if (d.includes("✓ gate open")) await t.keys("y");
          else {
            await t.keys("o");
            await t.keys("rehearsal");
            // Typed text and Enter sent together arrive as one paste: wait for the text first.
            await t.waitFor((x) => x.includes("rehearsal"), "override reason typed");
            await t.keys("Enter");
          }
          await t.waitFor((x) => x.includes(`CANARY ${c.first} %`), `${c.first} % confirmed`, 60_000);
          await t.keys("p");
          const d2 = await t.waitFor((x) => x.includes("Promote to 25 % green"), "second dialog", 60_000);
          expect(d2).toContain("Step 2 of 3: 25 % green, then dwell 15 min (runbook search-rollout.md:15)");
          expect(d2).toMatch(/dwell at green 5 % has 1[45]m\d\ds left/);
          await t.keys("Escape");
          // The lead's `golive sandbox clock`, run in this process (not a node start-up of its own).
          const moved = await golive(["sandbox", "clock", "--port", String(port), "+15m"]);
          expect(moved.code, moved.stderr).toBe(0);
          await t.keys("p");
          const d3 = await t.waitFor(
            (x) => x.includes("Promote to 25 % green") && !/dwell at green 5 % has/.test(x),
            "dwell over on the sandbox clock",
            60_000,
          );
          expect(d3).toContain("Dwell: elapsed");
          await t.keys("Escape");
        } else await t.keys("Escape");
        await t.waitFor((x) => !x.includes("Promote to"), "dialog closed");
        await t.keys("q");
        await t.waitFor((x) => x.includes("[exited"), "clean exit", 60_000);
      } finally {
        t.kill();
      }
    }, 300_000);
  }
});
