/**
 * Issue 13 in real tmux against `golive demo` (the blue/green seed on the sandbox): the runbook's
 * numberless rollback triggers are manual checks. They hold the Go decision in the engine's own
 * gate, shown unconfirmed in the promote dialog; `c` lists them and `y` records each confirmed clear
 * (who, when), after which the Go dialog shows them confirmed and no longer holds on them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { firstFrame, recorded, startDemo } from "../helpers/demo.js";
import { killTmuxServer } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

describe("the cockpit's runbook keys", () => {
  it("c confirms manual checks clear; until then they hold the Go decision", async () => {
    const d = await startDemo("rbkeys", { columns: 200, rows: 50 });
    try {
      const { t, sessions } = d;
      await firstFrame(d);
      // p99 beside p95 in the metric panes: CloudWatch's own p99 of blue (which takes the traffic),
      // never below its p95 (the sandbox draws both from one latency distribution).
      const panes = await t.waitFor(
        (x) => /p99 +\d+ ms/.test(x) && /p95 [✓▲✖] \d+ ms/.test(x),
        "blue's p99 in its pane",
      );
      const p95 = Number(/p95 [✓▲✖] (\d+) ms/.exec(panes)![1]);
      const p99 = Number(/p99 +(\d+) ms/.exec(panes)![1]);
      expect(p99).toBeGreaterThanOrEqual(p95);
      await t.keys("p");
      const go = await t.waitFor((x) => x.includes("GO DECISION") && x.includes("o overrides"), "Go dialog");
      expect(go).toContain(
        "? m314 Critical functionality broken (line 314) — UNCONFIRMED: no evidence — holds the Go decision",
      );
      await t.keys("Escape");
      await t.waitFor((x) => !x.includes("GO DECISION"), "dialog closed");

      await t.keys("c");
      const list = await t.waitFor(
        (x) => x.includes("Manual checks — what golive cannot measure"),
        "c dialog",
      );
      expect(list).toContain("▸ ? m314 Critical functionality broken (line 314) — UNCONFIRMED");
      expect(list).toContain("? m405 Data issues detected (line 405) — UNCONFIRMED");
      await t.keys("y");
      await t.waitFor(
        (x) =>
          /✓ m314 Critical functionality broken \(line 314\) — confirmed clear by lead \d\d:\d\dZ/.test(x),
        "m314 ✓",
      );
      for (const id of ["m315", "m316", "m405"]) {
        await t.keys("j");
        await t.waitFor((x) => new RegExp(`▸ \\? ${id} `).test(x), `${id} selected`);
        await t.keys("y");
        await t.waitFor((x) => new RegExp(`✓ ${id} .* confirmed clear by lead`).test(x), `${id} ✓`);
      }
      const events = (await recorded(sessions)).filter((e) => e.type === "check.confirmed");
      expect(events.map((e) => e.data.check)).toEqual(["m314", "m315", "m316", "m405"]);
      await t.keys("Escape");
      await t.waitFor((x) => !x.includes("Manual checks —"), "c dialog closed");

      await t.keys("p");
      const again = await t.waitFor((x) => x.includes("GO DECISION") && /✓ m405/.test(x), "Go dialog again");
      expect(again).not.toContain("UNCONFIRMED");
      await t.keys("Escape");
      await t.waitFor((x) => !x.includes("GO DECISION"), "Go dialog closed");
      // The blue/green seed has no rollback decision matrix: d says so rather than drawing nothing.
      await t.keys("d");
      await t.waitFor((x) => x.includes("d: the runbook has no rollback decision matrix"), "d refused");
      await t.keys("q");
      await t.waitFor((x) => x.includes("[exited 0]"), "quit");
    } finally {
      d.kill();
    }
  }, 90_000);
});
