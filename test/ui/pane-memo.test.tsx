/**
 * The cockpit's clock draws a frame every second; the event log and the monitoring table must not
 * redo their work for it (issue 14: panes re-render only when what they show changed). Their data
 * (ui/app/pane-data.ts) keeps its identity while the session is unchanged, and both panes are
 * memoised components, so React skips them on a clock frame; a new event or a new day is drawn.
 */
import { Text } from "ink";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { usePaneData } from "../../source/ui/app/pane-data.js";
import { initialUi } from "../../source/ui/app/reducer.js";
import { shapeCockpit } from "../../source/ui/app/shape.js";
import { Checklist } from "../../source/ui/components/Checklist.js";
import { EventLog } from "../../source/ui/components/EventLog.js";
import { MetricPane } from "../../source/ui/components/MetricPane.js";
import { MonitoringTable } from "../../source/ui/components/MonitoringTable.js";
import { Timeline } from "../../source/ui/components/Timeline.js";
import { model, T0, theme } from "../helpers/cockpit.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

function Probe(p: { args: Parameters<typeof usePaneData>; seen: ReturnType<typeof usePaneData>[] }) {
  p.seen.push(usePaneData(...p.args));
  return <Text>x</Text>;
}

describe("pane memoisation", () => {
  it("the log's lines and the table's rows keep their identity across clock frames, and change with the session", async () => {
    const { store, rb } = await newSeedSession(tempDir("tests-pane-memo-"));
    await store.append("note.added", { text: "first" }, "lead");
    const seen: ReturnType<typeof usePaneData>[] = [];
    const probe = (now: number) => <Probe args={[rb, store.state, store.events, 10, now]} seen={seen} />;
    const t0 = Date.parse("2026-11-23T12:00:00Z");
    const r = render(probe(t0));
    r.rerender(probe(t0 + 1000));
    expect(seen[1]!.lines).toBe(seen[0]!.lines);
    expect(seen[1]!.rows).toBe(seen[0]!.rows);
    expect(seen[1]!.day).toBe(seen[0]!.day);
    // An event appended to the same list (the store appends in place) is drawn at the next frame.
    await store.append("note.added", { text: "second" }, "lead");
    r.rerender(probe(t0 + 2000));
    expect(seen[2]!.lines).not.toBe(seen[1]!.lines);
    expect(seen[2]!.lines.at(-1)!.text).toContain("second");
    expect(seen[2]!.rows).not.toBe(seen[1]!.rows);
    // The next day: the log's stamps gain their date.
    r.rerender(probe(t0 + 86_400_000));
    expect(seen[3]!.day).toBe("2026-11-24");
    expect(seen[3]!.lines).toBe(seen[2]!.lines);
    r.unmount();
    await store.close();
  });

  it("the timeline's views and the checklist's rows keep their identity across clock ticks until a phase's status or an event changes them", async () => {
    const { m, store } = await model();
    const size = { columns: 200, rows: 50 };
    const a = shapeCockpit(m, initialUi, T0 - 20 * 60_000, size);
    const b = shapeCockpit(m, initialUi, T0 - 20 * 60_000 + 1000, size);
    expect(b.views).toBe(a.views);
    expect(b.rows).toBe(a.rows);
    const phase = (v: typeof a, title: string) => v.views.find((x) => x.phase.section.title.includes(title));
    expect(phase(b, "Deployment Execution")?.status).toBe("due-soon");
    // The clock alone crosses T-0: the phase is current at once, its checklist shown.
    const c = shapeCockpit(m, initialUi, T0 + 1000, size);
    expect(c.views).not.toBe(b.views);
    expect(phase(c, "Deployment Execution")?.status).toBe("current");
    expect(c.view?.phase.section.title).toContain("Deployment Execution");
    const first = c.rows.find((r) => r.kind === "item")!;
    expect(first.kind === "item" && first.done).toBe(false);
    // An event: the row is ticked and the phase's count moves, at the next frame.
    await store.append("item.checked", { item: first.id }, "ann");
    const d = shapeCockpit(m, initialUi, T0 + 2000, size);
    expect(d.rows).not.toBe(c.rows);
    const ticked = d.rows.find((r) => r.id === first.id)!;
    expect(ticked.kind === "item" && ticked.done).toBe(true);
    expect(phase(d, "Deployment Execution")?.done).toBe(phase(c, "Deployment Execution")!.done + 1);
  });

  it("the panes are memoised components", () => {
    for (const c of [EventLog, MonitoringTable, Timeline, Checklist, MetricPane])
      expect((c as unknown as { $$typeof: symbol }).$$typeof).toBe(Symbol.for("react.memo"));
  });

  it("an event from another day than the log's shows its date", () => {
    const line = { seq: 1, at: "2026-11-23T12:00:00Z", by: "ann", text: "ann: promote confirmed" };
    const other = render(<EventLog lines={[line]} width={60} height={3} day="2026-11-24" theme={theme} />);
    expect(other.lastFrame()).toContain("11-23 12:00:00 ann: promote confirmed");
    const same = render(<EventLog lines={[line]} width={60} height={3} day="2026-11-23" theme={theme} />);
    expect(same.lastFrame()).not.toContain("11-23 12:00:00");
  });
});
