/**
 * What the plan helper adds to the cockpit: the promote dialog names a second plan the runbook
 * states (which one binds), and each metric pane carries its arm's fleet as AWS shows it.
 */
import { describe, expect, it } from "vitest";
import { manualCheckViews, sessionManualChecks } from "../../source/domain/manual-checks.js";
import { App } from "../../source/ui/app/App.js";
import { MetricPane } from "../../source/ui/components/MetricPane.js";
import { model, snapshotAt, T0, TH, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

describe("plan views", () => {
  it("the promote dialog says the runbook states another plan, and which line golive follows", async () => {
    const { m } = await model();
    const warnings = [
      {
        line: 220,
        message:
          "the runbook states two different canary plans: 10 % → 50 % → 100 % (percent list) at line 174 and 5 % → 100 % (route items) at line 220; golive follows line 174 — make them agree, or say which with <!-- golive canary steps=… dwell=… --> or canary.steps in the config",
      },
    ];
    const withTwo = { ...m, runbook: { ...m.runbook, canary: { ...m.runbook.canary, warnings } } };
    const r = renderAt(
      <App model={withTwo} theme={theme} copy={() => {}} size={{ columns: 200, rows: 50 }} />,
      {
        columns: 200,
        rows: 50,
      },
    );
    await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    await r.press("p");
    const d = await r.waitFor((f) => f.includes("Promote to 10 % green"), "promote dialog");
    expect(d).toContain(
      "⚠ the runbook also states 5 % → 100 % (route items) at line 220; golive follows line 174",
    );
    // The seed's numberless triggers are in the dialog as manual checks, never dropped.
    expect(d).toContain("Manual checks (not measured by golive; c confirms one clear):");
    expect(d).toContain("? m314 Critical functionality broken (line 314) — UNCONFIRMED: no evidence");
    expect(d).toContain("? m315 Data corruption detected (line 315) — UNCONFIRMED");
    r.unmount();
  });

  it("the promote dialog lists the thresholds golive does not measure as checks by hand", async () => {
    const { m } = await model();
    const stated = [
      {
        metric: "custom:SearchErrors",
        label: "SearchErrors",
        kind: "rollback" as const,
        op: ">" as const,
        value: 25,
        unit: "per minute",
        text: "Abort when SearchErrors > 25 per minute",
        line: 20,
        measure: { by: "manual" as const, why: "SearchErrors is not a metric golive reads" },
      },
    ];
    const runbook = { ...m.runbook, stated, manualTriggers: [] };
    const rb = {
      ...m,
      runbook,
      manualChecks: () => manualCheckViews(sessionManualChecks(runbook, undefined), runbook, m.state()),
    };
    const r = renderAt(<App model={rb} theme={theme} copy={() => {}} size={{ columns: 200, rows: 50 }} />, {
      columns: 200,
      rows: 50,
    });
    await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    await r.press("p");
    const d = await r.waitFor((f) => f.includes("Promote to 10 % green"), "promote dialog");
    expect(d).toContain("? m20 Abort when SearchErrors > 25 per minute (line 20) — UNCONFIRMED: no evidence");
    r.unmount();
  });

  it("a metric pane shows its arm's targets and tasks when it has room, with or without metrics", () => {
    const snap = snapshotAt(T0, null);
    for (const metrics of [snap.blue.current, snap.green.current]) {
      const r = renderAt(
        <MetricPane
          color="blue"
          weight={0}
          metrics={metrics}
          series={[]}
          thresholds={TH}
          fleet="targets 2 draining, 1 healthy · tasks 3 running / 0 desired"
          width={80}
          height={8}
          theme={theme}
        />,
        { columns: 80, rows: 8 },
      );
      expect(r.frame()).toContain("targets 2 draining, 1 healthy · tasks 3 running / 0 desired");
      r.unmount();
    }
  });
});
