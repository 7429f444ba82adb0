import { describe, expect, it } from "vitest";
import { timeline } from "../../source/domain/timeline.js";
import { App } from "../../source/ui/app/App.js";
import { checklistRows, checkpointRows } from "../../source/ui/app/view.js";
import { Alerts } from "../../source/ui/components/Alerts.js";
import { Checklist } from "../../source/ui/components/Checklist.js";
import { EventLog } from "../../source/ui/components/EventLog.js";
import { Header } from "../../source/ui/components/Header.js";
import { HelpBar } from "../../source/ui/components/HelpBar.js";
import { MetricPane } from "../../source/ui/components/MetricPane.js";
import { MonitoringTable } from "../../source/ui/components/MonitoringTable.js";
import { Timeline } from "../../source/ui/components/Timeline.js";
import { KEYMAP } from "../../source/ui/keys/keymap.js";
import { model, snapshotAt, T0, TH, theme } from "../helpers/cockpit.js";
import { renderAt, width } from "../helpers/ink.js";

describe("panes", () => {
  it("Header shows environment, clocks, gauge and overall state", () => {
    const r = renderAt(
      <Header
        title="Deployment Checklist"
        env="production"
        version="2.0"
        lead="Ann"
        clock={{ now: () => T0 - 725_000 }}
        t0={T0}
        weights={{ blue: 90, green: 10 }}
        overall="CANARY 10 %"
        overallTone="info"
        readOnly={false}
        width={120}
        compact={false}
        theme={theme}
        deadline={{ at: T0, label: "Deployment Execution starts" }}
      />,
      { columns: 120, rows: 5 },
    );
    expect(r.frame()).toContain("production · Deployment Checklist v2.0 · lead Ann");
    expect(r.frame()).toContain("11:47:55 UTC  T-00:12:05");
    expect(r.frame()).toContain(" CANARY 10 %  blue 90 ██████████████████▒▒ green 10");
    expect(r.frame()).toContain("next: Deployment Execution starts in 00:12:05");
  });

  it("Timeline marks done, current, overdue and upcoming phases by symbol and word", async () => {
    const { rb, store } = await model();
    const views = timeline(rb, store.state, T0 - 20 * 60_000);
    const r = renderAt(
      <Timeline
        views={views}
        selected={1}
        focused
        width={70}
        height={10}
        now={T0 - 20 * 60_000}
        theme={theme}
      />,
      {
        columns: 70,
        rows: 10,
      },
    );
    const f = r.frame();
    // Due yesterday: the row says which day.
    expect(f).toMatch(/! T-24h\s+Nov 22 12:00 Pre-Deployment \(T-24 hours\)\s+0\/23 OVERDUE/);
    expect(f).toMatch(/›▶ T-30m\s+11:30\s+Pre-Deployment Verification\s+0\/5 now/);
    expect(f).toMatch(/◔ T-0\s+12:00\s+Deployment Execution\s+0\/29 soon/);
    expect(f).toMatch(/⚡ T\+X\s+Immediate Rollback Steps/);
  });

  it("Checklist shows items, blanks with units and targets, and who ticked what", async () => {
    const { rb, store } = await model();
    await store.append("item.checked", { item: "i29" }, "bob");
    await store.append("field.recorded", { field: "f3", value: "42" }, "bob");
    const views = timeline(rb, store.state, T0);
    const exec = views.find((v) => v.phase.section.title === "Deployment Execution");
    const rows = checklistRows(rb, store.state, exec);
    const r = renderAt(
      <Checklist
        title="Deployment Execution"
        rows={rows}
        selected={0}
        focused
        width={100}
        height={12}
        theme={theme}
      />,
      { columns: 100, rows: 12 },
    );
    const f = r.frame();
    expect(f).toMatch(/›\[x\] i29\s+Record current version: ___________ — bob \d\d:\d\d/);
    expect(f).toContain("f1   Record current version: ____");
    expect(f).toContain("f3   Latency p95: 42 ms");
    expect(f).toContain("f5   Throughput: ____");
  });

  it("MetricPane shows value, state word and symbol, thresholds and a sparkline; no data is not zero", () => {
    const snap = snapshotAt(T0, 7.2);
    const r = renderAt(
      <MetricPane
        color="green"
        weight={10}
        metrics={snap.green.current}
        series={snap.green.series}
        thresholds={TH}
        probe={snap.probes.green}
        width={90}
        height={7}
        theme={theme}
      />,
      { columns: 90, rows: 7 },
    );
    expect(r.frame()).toMatch(/GREEN 10 %\s+health ✓ 200/);
    expect(r.frame()).toMatch(/error rate ✖ 7\.20 %\s+ROLLBACK/);
    expect(r.frame()).toContain("go < 1 % · rollback > 5 %");
    expect(r.frame()).toMatch(/p95\s+✓ 31 ms\s+OK/);
    const empty = renderAt(
      <MetricPane
        color="green"
        weight={0}
        metrics={{ errorRate: null, latencyP95: null, throughput: null, periodStart: null, periodEnd: null }}
        series={[]}
        thresholds={TH}
        width={90}
        height={1}
        theme={theme}
      />,
      { columns: 90, rows: 1 },
    );
    // Said once per pane, not once per number.
    expect(empty.frame()).toContain("GREEN 0 %  · no data (CloudWatch has none)");
    expect(empty.frame().match(/no data\b/g)).toHaveLength(1);
    expect(empty.frame()).not.toMatch(/0\.00 %/);
  });

  it("MetricPane never judges stale numbers: STALE with the age instead of OK", () => {
    const r = renderAt(
      <MetricPane
        color="green"
        weight={10}
        metrics={{ errorRate: 0.3, latencyP95: 31, throughput: 20, periodStart: T0, periodEnd: T0 + 60_000 }}
        series={[]}
        thresholds={TH}
        stale="STALE 47m00s old (metrics failing ×12: ExpiredTokenException)"
        width={120}
        height={6}
        theme={theme}
      />,
      { columns: 120, rows: 6 },
    );
    expect(r.frame()).toContain("STALE 47m00s old (metrics failing ×12: ExpiredTokenException)");
    expect(r.frame()).toMatch(/error rate\s+\? 0\.30 %\s+STALE/);
    expect(r.frame()).not.toMatch(/\bOK\b/);
  });

  it("MonitoringTable lists T+15/30/45/60 as they fill", async () => {
    const { rb, store } = await model();
    const cp = rb.tables[0]!.checkpoints![0]!;
    await store.append("field.recorded", { field: cp.fields.errorRate!, value: "0.31" }, "golive");
    await store.append("field.recorded", { field: cp.fields.latencyP95!, value: "33" }, "golive");
    await store.append("field.recorded", { field: cp.fields.status!, value: "OK" }, "golive");
    const r = renderAt(
      <MonitoringTable
        rows={checkpointRows(rb, store.state)}
        anchor=""
        width={70}
        height={12}
        theme={theme}
      />,
      { columns: 70, rows: 12 },
    );
    expect(r.frame()).toMatch(/│ T\+15 │ 0\.31 %\s+│ 33 ms\s+│ OK\s+│/);
    expect(r.frame()).toMatch(/│ T\+60 │ …/);
  });

  it("Alerts, EventLog and HelpBar", () => {
    const a = renderAt(
      <Alerts
        alerts={[
          {
            id: "1",
            severity: "critical",
            message: "green error rate 7 % > 5 %",
            at: "2026-11-23T12:01:02Z",
          },
        ]}
        width={80}
        height={1}
        theme={theme}
      />,
      { columns: 80, rows: 1 },
    );
    expect(a.frame()).toContain("✖ ALERT 12:01:02 green error rate 7 % > 5 %  (a acks)");
    const e = renderAt(
      <EventLog
        lines={[{ seq: 1, at: "2026-11-23T12:00:00Z", by: "ann", text: "ann: promote confirmed" }]}
        width={60}
        height={3}
        theme={theme}
      />,
      { columns: 60, rows: 3 },
    );
    expect(e.frame()).toContain("12:00:00 ann: promote confirmed");
    const h = renderAt(
      <HelpBar
        bindings={KEYMAP}
        ctx={{
          readOnly: false,
          state: {} as never,
          hasEngine: true,
          selection: { kind: "none", runnable: false },
          unacknowledged: 0,
          busy: null,
        }}
        width={200}
        theme={theme}
      />,
      { columns: 200, rows: 1 },
    );
    expect(h.frame()).toContain("p promote  R rollback");
    expect(h.frame()).toContain("? help  q quit");
  });
});

describe("the whole cockpit", () => {
  it.each([
    [80, 24],
    [120, 40],
    [200, 50],
    [300, 80],
  ])("at %i×%i fits the terminal exactly", async (columns, rows) => {
    const { m } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={{ columns, rows }} />, {
      columns,
      rows,
    });
    const lines = await r.waitFor((f) => f.includes("PRE-FLIGHT"), "first frame");
    const ls = lines.split("\n");
    expect(ls.length).toBeLessThanOrEqual(rows);
    for (const l of ls) expect(width(l)).toBeLessThanOrEqual(columns);
    expect(lines).toContain("T-00:20:00");
    expect(lines).toContain("Pre-Deployment Verification");
    // Nothing cut off: the header, the next-action line and the keys end whole at any width.
    expect(ls.at(-1)).toMatch(/R rollback .*\? help {2}q quit$/);
    expect(ls.at(-2)).toContain("✓ gate open: p promotes to 10 % green");
    for (const l of [ls[0]!, ls[1]!, ls.at(-1)!]) expect(l.trimEnd()).not.toMatch(/…$/);
    r.unmount();
  });

  it("promotes with p then y, showing the Go criteria first; Esc cancels", async () => {
    const { m, calls } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={{ columns: 200, rows: 50 }} />, {
      columns: 200,
      rows: 50,
    });
    await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    await r.press("p");
    const d = await r.waitFor((f) => f.includes("Promote to 10 % green"), "promote dialog");
    // I1: the listener state the plan was computed from, that read's age, the exact weights y sends.
    expect(d).toContain("Listener as read from AWS 3s ago: blue 100 / green 0");
    expect(d).toMatch(/y sends exactly: +blue 90 \/ green 10/);
    expect(d).toContain("GO DECISION");
    expect(d).toContain("All tests passing");
    await r.press("\x1b");
    await r.waitFor((f) => !f.includes("Promote to 10 % green"), "dialog closed");
    expect(calls).toEqual([]);
    await r.press("p");
    await r.waitFor((f) => f.includes("Promote to 10 % green"), "second promote dialog");
    await r.press("y");
    await r.waitFor((f) => f.includes("✓ promote confirmed by AWS"), "confirmation toast");
    expect(calls).toEqual(["promote 90/10"]);
    await r.waitFor((f) => f.includes("CANARY 10 %"), "header follows the session");
    r.unmount();
  });

  it("rolls back with R from inside another dialog, with the exact listener change", async () => {
    const { m, calls } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={{ columns: 200, rows: 50 }} />, {
      columns: 200,
      rows: 50,
    });
    await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    await r.press("?");
    await r.waitFor((f) => f.includes("Keys"), "help");
    await r.press("R");
    const d = await r.waitFor((f) => f.includes("ROLL BACK to 100 % blue"), "rollback dialog");
    expect(d).toContain("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb/1/2");
    expect(d).toContain("blue 100 / green 0  →  blue 100 / green 0");
    await r.press("e");
    await r.press(" (db)");
    await r.press("\r");
    await r.press("y");
    await r.waitFor((f) => f.includes("✓ rollback confirmed by AWS"), "rollback toast");
    expect(calls).toEqual(["rollback manual rollback by ann (db)"]);
    r.unmount();
  });

  it("ticks with Space and fills a blank with Enter, refusing a bad value in place", async () => {
    const { m, calls, setNow } = await model();
    setNow(T0 + 60_000);
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={{ columns: 120, rows: 40 }} />, {
      columns: 120,
      rows: 40,
    });
    await r.waitFor((f) => f.includes("Deployment Execution"));
    await r.press(" ");
    await r.waitFor((f) => /\[x\] i29/.test(f), "tick");
    await r.press("j");
    // Enter goes to the row the lead sees selected: wait for the cursor to reach it first.
    await r.waitFor((f) => /›\s+f1 /.test(f), "cursor on f1");
    await r.press("\r");
    await r.waitFor((f) => f.includes("Fill f1: Record current version"), "fill dialog");
    await r.press("v1.9.3");
    await r.press("\r");
    await r.waitFor((f) => f.includes("f1   Record current version: v1.9.3"), "value shown");
    for (let i = 0; i < 4; i++) await r.press("j");
    await r.waitFor((f) => /›\s+f3 /.test(f), "cursor on f3");
    await r.press("\r");
    await r.waitFor((f) => f.includes("Fill f3: Latency p95"), "fill f3");
    await r.press("fast");
    await r.press("\r");
    await r.waitFor((f) => f.includes('expected a number of ms, got "fast"'), "validation error");
    expect(calls).toEqual(["item i29 true", "record f1=v1.9.3"]);
    r.unmount();
  });

  it("keys that arrive together (fast typing, a laggy SSH link) are each handled: R then y rolls back", async () => {
    const { m, calls } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={{ columns: 200, rows: 50 }} />, {
      columns: 200,
      rows: 50,
    });
    await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    // One write, as Ink receives a burst: before the fix it matched no binding and was dropped.
    await r.press("?Ry");
    await r.waitFor((f) => f.includes("✓ rollback confirmed by AWS"), "rollback from one burst");
    expect(calls).toEqual(["rollback manual rollback by ann"]);
    // Inside a text field a burst is still a paste: it lands whole in the reason.
    await r.press("R");
    await r.waitFor((f) => f.includes("ROLL BACK to 100 % blue"), "rollback dialog");
    await r.press("e");
    await r.press(" pasted text");
    await r.press("\r");
    await r.press("y");
    await r.waitFor(() => calls.length === 2, "second rollback");
    expect(calls[1]).toBe("rollback manual rollback by ann pasted text");
    r.unmount();
  });

  it("in read-only mode shows no key that changes anything, and R does nothing", async () => {
    const { m, calls } = await model({ readOnly: true });
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={{ columns: 200, rows: 50 }} />, {
      columns: 200,
      rows: 50,
    });
    const f = await r.waitFor((x) => x.includes("READ-ONLY"));
    expect(f).not.toContain("p promote");
    expect(f).not.toContain("R rollback");
    await r.press("R");
    await r.press("p");
    await r.press(" ");
    expect(r.frame()).not.toContain("ROLL BACK");
    expect(calls).toEqual([]);
    r.unmount();
  });

  it("asks for a bigger terminal below 80×24 instead of drawing a broken screen", async () => {
    const { m } = await model();
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={{ columns: 60, rows: 20 }} />, {
      columns: 60,
      rows: 20,
    });
    await r.waitFor((f) => f.includes("needs 80×24 (this is 60×20)"));
    r.unmount();
  });

  it("m: picks the runbook's template, previews it filled from the session, y copies exactly that and writes it", async () => {
    const { m, calls } = await model();
    const copied: string[] = [];
    const r = renderAt(
      <App model={m} theme={theme} copy={(t) => copied.push(t)} size={{ columns: 200, rows: 50 }} />,
      { columns: 200, rows: 50 },
    );
    await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    await r.press("m");
    await r.waitFor((f) => f.includes("▸ ★ communication") && f.includes("6 slots for you to type"));
    await r.press("\r");
    const preview = await r.waitFor((f) => f.includes('Message "communication"'));
    expect(preview).toContain("Subject: NBA MCP Deployment - 2026-11-23 12:00 UTC");
    expect(preview).toContain("- Time: 12:00 - [End] UTC");
    expect(copied).toEqual([]);
    await r.press("y");
    await r.waitFor((f) => f.includes('"communication" copied with OSC 52 and written to'));
    expect(copied).toHaveLength(1);
    expect(copied[0]).toContain("- Date: 2026-11-23\n- Time: 12:00 - [End] UTC");
    expect(calls).toContain("message communication copied");
    r.unmount();
  });
});
