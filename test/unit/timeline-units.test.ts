/**
 * timeline.ts over a runbook built in memory: each phase's window (its stated duration, else the next
 * phase's start, else an hour), its status at every edge of that window, and the cockpit's next
 * deadline. A status one minute off is a lead told "current" for a phase already overdue.
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import type { Item, Runbook, Section } from "../../source/domain/runbook.js";
import {
  clockStatus,
  clockStatuses,
  DUE_SOON_MS,
  isItemDone,
  nextDeadline,
  PHASE_SYMBOL,
  progress,
  timeline,
} from "../../source/domain/timeline.js";

const T0 = Date.parse("2026-12-04T12:00:00Z");
const MIN = 60_000;
const pos = { line: 1, column: 1, offset: 0 } as never;
const section = (id: string, title: string, time?: Section["time"], durationMinutes?: number): Section => ({
  id,
  number: id,
  title,
  depth: id === "s0" ? 1 : 2,
  ...(id === "s0" ? {} : { parent: "s0" }),
  ...(time ? { time } : {}),
  ...(durationMinutes === undefined ? {} : { durationMinutes }),
  position: pos,
});
const at = (minutes: number) => ({ kind: "offset" as const, minutes, text: `T${minutes}` });
const item = (id: string, sec: string, checkedInSource = false): Item =>
  ({ id, text: id, section: sec, depth: 0, checkedInSource, box: pos, position: pos }) as Item;

const RB = {
  title: "rb",
  file: "rb.md",
  sha256: "x",
  sections: [
    section("s0", "Top"),
    section("s1", "Prep", at(-60), 30),
    section("s2", "Cutover", at(0)),
    section("s3", "Notes", at(30)),
    section("s4", "After", at(60)),
    section("s5", "Rollback", { kind: "event", event: "Issue Detected", text: "T+X" }),
    section("s6", "Sign-Off"),
  ],
  items: [
    item("i1", "s1", true),
    item("i2", "s1"),
    item("i3", "s2"),
    item("i4", "s4"),
    item("i5", "s5"),
    item("i6", "s6"),
  ],
  fields: [{ id: "f1", kind: "blank", label: "note", section: "s3" }],
  tables: [],
  blocks: [],
  commands: [],
  thresholds: [],
} as unknown as Runbook;
const state = (items: SessionState["items"] = {}): SessionState =>
  ({ t0: T0, items, fields: {}, steps: [], alerts: [] }) as unknown as SessionState;
const statuses = (s: SessionState, now: number) =>
  timeline(RB, s, now).map((v) => `${v.phase.section.title}:${v.status}`);

describe("timeline", () => {
  it("each phase's window and counts; a phase with only a field is scheduled but never done", () => {
    const views = timeline(RB, state(), T0 - 2 * 60 * MIN);
    expect(
      views.map((v) => [
        v.phase.section.title,
        v.dueAt,
        v.endsAt,
        v.status,
        v.done,
        v.total,
        v.open.map((i) => i.id),
      ]),
    ).toEqual([
      ["Prep", T0 - 60 * MIN, T0 - 30 * MIN, "upcoming", 1, 2, ["i2"]],
      ["Cutover", T0, T0 + 30 * MIN, "upcoming", 0, 1, ["i3"]],
      ["Notes", T0 + 30 * MIN, T0 + 60 * MIN, "upcoming", 0, 0, []],
      ["After", T0 + 60 * MIN, T0 + 120 * MIN, "upcoming", 0, 1, ["i4"]],
      ["Rollback", undefined, undefined, "on-event", 0, 1, ["i5"]],
      ["Sign-Off", undefined, undefined, "unscheduled", 0, 1, ["i6"]],
    ]);
  });
  it("statuses at the edges: due soon within 30 minutes, current through its end, overdue after", () => {
    expect(statuses(state(), T0 - 90 * MIN - 1)[0]).toBe("Prep:upcoming");
    expect(statuses(state(), T0 - 90 * MIN)[0]).toBe("Prep:due-soon");
    expect(statuses(state(), T0 - 60 * MIN - 1)[0]).toBe("Prep:due-soon");
    expect(statuses(state(), T0 - 60 * MIN)[0]).toBe("Prep:current");
    expect(statuses(state(), T0 - 30 * MIN)[0]).toBe("Prep:current");
    expect(statuses(state(), T0 - 30 * MIN + 1)[0]).toBe("Prep:overdue");
  });
  it("a ticked item counts done, a mark overrides the source's box; all ticked is done whatever the clock", () => {
    expect(isItemDone(RB.items[0]!, state())).toBe(true);
    expect(isItemDone(RB.items[0]!, state({ i1: { checked: false } } as never))).toBe(false);
    expect(isItemDone(RB.items[1]!, state({ i2: { checked: true } } as never))).toBe(true);
    const s = state({ i2: { checked: true }, i5: { checked: true }, i6: { checked: true } } as never);
    expect(statuses(s, T0 + 10 * 60 * MIN)).toEqual([
      "Prep:done",
      "Cutover:overdue",
      "Notes:overdue",
      "After:overdue",
      "Rollback:done",
      "Sign-Off:done",
    ]);
    expect(progress(RB, s)).toEqual({ done: 4, total: 6 });
    expect(progress(RB, state())).toEqual({ done: 1, total: 6 });
  });
});

describe("clock statuses and deadlines", () => {
  it("clockStatus at its edges", () => {
    expect(DUE_SOON_MS).toBe(30 * MIN);
    expect(clockStatus(1000, 2000, 1000 - DUE_SOON_MS - 1)).toBe("upcoming");
    expect(clockStatus(1000, 2000, 1000 - DUE_SOON_MS)).toBe("due-soon");
    expect(clockStatus(1000, 2000, 999)).toBe("due-soon");
    expect(clockStatus(1000, 2000, 1000)).toBe("current");
    expect(clockStatus(1000, 2000, 2000)).toBe("current");
    expect(clockStatus(1000, 2000, 2001)).toBe("overdue");
  });
  it("clockStatuses: the clock's statuses for scheduled phases, the views' own for the rest", () => {
    const s = state({ i2: { checked: true } } as never);
    const views = timeline(RB, s, T0 - 2 * 60 * MIN);
    expect(clockStatuses(views, T0 - 2 * 60 * MIN)).toBe(
      "done,upcoming,upcoming,upcoming,on-event,unscheduled,",
    );
    expect(clockStatuses(views, T0 + 45 * MIN)).toBe("done,overdue,current,due-soon,on-event,unscheduled,");
  });
  it("nextDeadline: the soonest end of a current phase or start of a coming one", () => {
    const now = T0 - 45 * MIN;
    expect(nextDeadline(timeline(RB, state(), now), now)).toEqual({ at: T0 - 30 * MIN, label: "Prep ends" });
    const later = T0 + 45 * MIN;
    expect(nextDeadline(timeline(RB, state(), later), later)).toEqual({
      at: T0 + 60 * MIN,
      label: "Notes ends",
    });
    const early = T0 - 3 * 60 * MIN;
    expect(nextDeadline(timeline(RB, state(), early), early)).toEqual({
      at: T0 - 60 * MIN,
      label: "Prep starts",
    });
    const soon = T0 - 10 * MIN;
    const v = timeline(RB, state({ i2: { checked: true } } as never), soon);
    expect(nextDeadline(v, soon)).toEqual({ at: T0, label: "Cutover starts" });
    // Views a tick old: a start already reached is no longer a deadline.
    expect(nextDeadline(v, T0)).toEqual({ at: T0 + 30 * MIN, label: "Notes starts" });
    expect(nextDeadline([], soon)).toBeUndefined();
  });
  it("a phase done ahead of its time is no deadline", () => {
    const now = T0 - 10 * MIN;
    const s = state({ i2: { checked: true }, i3: { checked: true } } as never);
    expect(nextDeadline(timeline(RB, s, now), now)).toEqual({ at: T0 + 30 * MIN, label: "Notes starts" });
  });
  it("phases written out of time order: a phase ends at the soonest later start, deadlines by time", () => {
    const rb = {
      ...RB,
      sections: [
        section("s0", "Top"),
        section("sa", "Late", at(60)),
        section("sb", "Cutover", at(0)),
        section("sc", "Mid", at(30)),
      ],
      items: [item("j1", "sa"), item("j2", "sb"), item("j3", "sc")],
      fields: [],
    } as unknown as Runbook;
    const now = T0 - 45 * MIN;
    const views = timeline(rb, state(), now);
    expect(views.map((v) => [v.phase.section.title, v.dueAt, v.endsAt])).toEqual([
      ["Late", T0 + 60 * MIN, T0 + 120 * MIN],
      ["Cutover", T0, T0 + 30 * MIN],
      ["Mid", T0 + 30 * MIN, T0 + 60 * MIN],
    ]);
    expect(nextDeadline(views, now)).toEqual({ at: T0, label: "Cutover starts" });
  });
  it("every status has its symbol", () => {
    expect(Object.values(PHASE_SYMBOL).join("")).toBe("✓▶!◔○·⚡");
  });
});
