/**
 * Issue 13: the cockpit's `d` shows the runbook's Rollback Decision Matrix as the team wrote it
 * (go-live.md), what golive watches for each row, and which row an open alert falls under now.
 * A runbook without a matrix says so instead of drawing an empty box.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";
import { SEEDS } from "../helpers/paths.js";

const size = { columns: 160, rows: 44 };

describe("the decision-matrix overlay (d)", () => {
  it("go-live.md: every row with what golive watches; an open latency alert marks Performance Degradation", async () => {
    const { m, store } = await model();
    const file = join(SEEDS, "go-live.md");
    const { text, sha256 } = await readRunbookFile(file);
    const withMatrix = { ...m, runbook: parseRunbook(file, text, sha256) };
    await store.append(
      "alert.raised",
      {
        alert: "a1",
        severity: "critical",
        message: "ROLLBACK TRIGGER: green p95 180 ms > 100 ms",
        key: "latency-p95:green",
      },
      "golive",
    );
    const r = renderAt(<App model={withMatrix} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((f) => f.includes("d matrix"), "key bar with d");
    await r.press("d");
    const f = await r.waitFor((x) => x.includes("Rollback decision matrix (runbook line 497)"), "overlay");
    expect(f).toContain("  Application Crash / Critical → Immediate rollback (line 499)");
    expect(f).toContain("golive acts: health-probe and k8s-crash, trust rollback");
    expect(f).toContain("golive acts: metrics-silent, trust advisory");
    expect(f).not.toContain("checked by hand");
    expect(f).toContain("golive acts: latency-p95, trust advisory, rollback after 3 periods");
    expect(f).toContain("▶ Performance Degradation / High → Monitor, rollback if persists (line 500)");
    expect(f).toContain("NOW: ROLLBACK TRIGGER: green p95 180 ms > 100 ms");
    expect(f).toContain("  Minor Functionality / Medium → Fix in place (line 501)");
    expect(f).toContain("  Monitoring Issues / Low → Continue, fix post-deployment (line 502)");
    await r.press("x");
    await r.waitFor((x) => !x.includes("Rollback decision matrix"), "any key closes");
    r.unmount();
  });

  it("deployment.md has no matrix: d says so and opens nothing", async () => {
    const { m } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((f) => f.includes("PRE-FLIGHT"), "cockpit");
    await r.press("d");
    const f = await r.waitFor((x) => x.includes("d: the runbook has no rollback decision matrix"), "refused");
    expect(f).not.toContain("Rollback decision matrix (");
    r.unmount();
  });
});
