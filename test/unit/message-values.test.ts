/**
 * What a message template's slot says, from the session alone (message-levels.ts, message-values.ts):
 * the status word for now and for the whole night, the details block, the times, deadlines and the
 * T-clock. These words go on the shared screen and into the record, so each value is pinned exactly.
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import type { MessageContext } from "../../source/domain/message-fill.js";
import { details, hhmm, historyLevel, pick, stateLevel } from "../../source/domain/message-levels.js";
import type { SlotKind, TemplateSlot } from "../../source/domain/message-templates.js";
import { norm, sessionValue } from "../../source/domain/message-values.js";
import type { PhaseView } from "../../source/domain/timeline.js";

const T0 = Date.parse("2026-11-23T12:00:00.000Z");
const MIN = 60_000;
const at = (m: number) => new Date(T0 + m * MIN).toISOString();

type Alert = SessionState["alerts"][number];
const alert = (severity: Alert["severity"], message: string, acknowledged = false) =>
  ({ id: message, severity, message, acknowledged, count: 1, lastSeenAt: at(0) }) as Alert;
const state = (o: Partial<SessionState> = {}) =>
  ({ lead: "ann", t0: T0, alerts: [], periods: [], weights: null, ...o }) as SessionState;
const view = (title: string, status: PhaseView["status"], o: Partial<PhaseView> = {}) =>
  ({ phase: { section: { title } }, status, done: 0, total: 1, open: [], ...o }) as unknown as PhaseView;
const slot = (kind: SlotKind, o: Partial<TemplateSlot> = {}): TemplateSlot => ({
  text: "[x]",
  label: "x",
  line: 1,
  kind,
  ...o,
});
const ctx = (s: SessionState, now = T0, views: PhaseView[] = []): MessageContext => ({
  s,
  views,
  now,
  user: "u",
});
const value = (
  kind: SlotKind,
  s = state(),
  now = T0,
  views: PhaseView[] = [],
  o: Partial<TemplateSlot> = {},
) => sessionValue(slot(kind, o), ctx(s, now, views));

describe("the status word: now and over the whole night", () => {
  it("now: a rollback or an open critical alert is bad, an open warning warns, live green is ok", () => {
    expect(stateLevel(state({ rollback: { startedAt: at(5), by: "ann" } }))).toBe("bad");
    expect(stateLevel(state({ alerts: [alert("warning", "w"), alert("critical", "c")] }))).toBe("bad");
    expect(stateLevel(state({ alerts: [alert("critical", "c", true), alert("warning", "w")] }))).toBe("warn");
    expect(stateLevel(state({ alerts: [alert("critical", "c", true)] }))).toBe("progress");
    expect(stateLevel(state({ live: { at: at(30), attempt: 1 } }))).toBe("ok");
    expect(stateLevel(state({ live: { at: at(30), attempt: 1, endedAt: at(40) } }))).toBe("progress");
    expect(stateLevel(state())).toBe("progress");
  });

  it("the night: any critical alert, even acknowledged, or a rollback is bad; any alert warns", () => {
    expect(historyLevel(state({ rollback: { startedAt: at(5), by: "ann" } }))).toBe("bad");
    expect(historyLevel(state({ alerts: [alert("warning", "w", true), alert("critical", "c", true)] }))).toBe(
      "bad",
    );
    expect(historyLevel(state({ alerts: [alert("warning", "w", true)] }))).toBe("warn");
    expect(historyLevel(state())).toBe("ok");
  });

  it("picks the option for the level; in progress reads green, a warning red, where no word fits", () => {
    const rag = ["GREEN", "YELLOW", "RED"];
    expect(pick(["GREEN", "IN PROGRESS"], "progress")).toBe("IN PROGRESS");
    expect(pick(rag, "progress")).toBe("GREEN");
    expect(pick(["RED", "YELLOW"], "warn")).toBe("YELLOW");
    expect(pick(["GREEN", "RED"], "warn")).toBe("RED");
    expect(pick(rag, "bad")).toBe("RED");
    expect(pick(["GREEN", "YELLOW"], "bad")).toBeUndefined();
    expect(pick(["IN_PROGRESS", "RED"], "ok")).toBeUndefined();
    expect(pick(["YELLOW"], "progress")).toBeUndefined();
  });
});

describe("the details block", () => {
  it("says what is not known yet rather than a number", () => {
    expect(details(state())).toBe("Traffic: not read from AWS yet\nMetrics: none recorded yet (no evidence)");
  });

  it("states the confirmed weights, the latest period per arm and the last three open alerts", () => {
    const period = (m: number, blue: object | null, green: object | null) =>
      ({ t: at(m), periodMs: MIN, weights: null, blue, green }) as SessionState["periods"][number];
    const s = state({
      weights: { blue: 90, green: 10 },
      periods: [
        period(4, { requests: 1, errors: 1, p95Ms: 1 }, null),
        period(
          5,
          { requests: 200, errors: 3, connectionErrors: 1, p95Ms: 123.6 },
          { requests: 0, errors: 0, p95Ms: null },
        ),
      ],
      alerts: [
        alert("warning", "a1"),
        alert("warning", "a2"),
        alert("critical", "a3"),
        alert("warning", "a4", true),
        alert("warning", "a5"),
      ],
    });
    expect(details(s)).toBe(
      [
        "Traffic: blue 90 % / green 10 % (as AWS confirmed it)",
        "Metrics for the period from 12:05 UTC:",
        "  blue: error rate 2.00 %, p95 124 ms (200 requests)",
        "  green: no traffic in the last period (no evidence)",
        "Alert (warning): a2",
        "Alert (critical): a3",
        "Alert (warning): a5",
      ].join("\n"),
    );
    const noP95 = state({ periods: [period(0, null, { requests: 3, errors: 0, p95Ms: null })] });
    expect(details(noP95).split("\n").slice(2)).toEqual([
      "  blue: no traffic in the last period (no evidence)",
      "  green: error rate 0.00 %, p95 no data (3 requests)",
    ]);
    expect(hhmm(T0 + 65 * MIN)).toBe("13:05 UTC");
  });
});

describe("a slot's value from the session", () => {
  const phases = [
    view("Checks", "done"),
    view("Smoke", "overdue", { dueAt: T0 - 10 * MIN }),
    view("Deploy", "current", { dueAt: T0, endsAt: T0 + 45 * MIN }),
    view("Verify", "upcoming", { dueAt: T0 + 60 * MIN }),
    view("Handover", "due-soon", { dueAt: T0 + 25 * MIN }),
  ];

  it("the lead, else the user; the version", () => {
    expect(value("lead")).toBe("ann");
    expect(value("lead", state({ lead: "" }))).toBe("u");
    expect(value("version", state({ version: "2.4.1" }))).toBe("2.4.1");
  });

  it("the phase now (current before overdue), the next one, the milestone with its time", () => {
    expect(value("phase", state(), T0, phases)).toBe("Deploy");
    expect(value("phase", state(), T0, phases.slice(0, 2))).toBe("Smoke");
    expect(value("phase", state(), T0 - 1, [])).toBe("before T-0");
    expect(value("phase", state(), T0, [])).toBeUndefined();
    expect(value("next-phase", state(), T0, phases)).toBe("Verify");
    expect(value("next-phase", state(), T0, [phases[4]!])).toBe("Handover");
    expect(value("next-phase", state(), T0, phases.slice(0, 3))).toBeUndefined();
    expect(value("milestone", state(), T0, phases)).toBe("Verify at 13:00 UTC");
    expect(value("milestone", state(), T0, [view("Go", "upcoming")])).toBe("Go");
    expect(value("milestone", state(), T0, phases.slice(0, 3))).toBeUndefined();
  });

  it("the T-clock: before T-0, since T-0, and the total from T-0 to 100 % green", () => {
    expect(value("elapsed", state(), T0 - 20 * MIN)).toBe("T-0 in 20 min");
    expect(value("elapsed", state(), T0 - 89 * MIN)).toBe("T-0 in 89 min");
    expect(value("elapsed", state(), T0 - 90 * MIN)).toBe("T-0 in 1 h 30 min");
    expect(value("elapsed", state(), T0 - 125 * MIN - 29_000)).toBe("T-0 in 2 h 5 min");
    expect(value("elapsed", state(), T0 + 20 * MIN + 31_000)).toBe("21 min since T-0");
    expect(value("elapsed", state(), T0)).toBe("0 min since T-0");
    const live = state({ live: { at: at(95), attempt: 1 } });
    const total = { label: "Duration", text: "[Total time]" };
    expect(value("elapsed", live, T0 + 120 * MIN, [], total)).toBe("1 h 35 min from T-0 to 100 % green");
    expect(value("elapsed", live, T0 + 120 * MIN, [], { ...total, label: "Took" })).toBe(
      "2 h 0 min since T-0",
    );
    expect(value("elapsed", live, T0 + 120 * MIN, [], { ...total, text: "[Time elapsed]" })).toBe(
      "2 h 0 min since T-0",
    );
    const ended = state({ live: { at: at(95), attempt: 1, endedAt: at(100) } });
    expect(value("elapsed", ended, T0 + 120 * MIN, [], total)).toBe("2 h 0 min since T-0");
  });

  it("T-0's time and date, the time now, the next deadline (else in half an hour)", () => {
    expect(value("t0-time")).toBe("12:00 UTC");
    expect(value("t0-date")).toBe("2026-11-23");
    expect(value("now-time", state(), T0 + 7 * MIN)).toBe("12:07 UTC");
    expect(value("next-update", state(), T0, phases)).toBe("12:25 UTC (Handover starts)");
    expect(value("next-update", state(), T0, [])).toBe("12:30 UTC");
    expect(value("next-update", state(), T0 + 3 * MIN, [])).toBe("12:33 UTC");
  });

  it("the rollback: completed as AWS confirmed it, else in progress since it started, else nothing", () => {
    const started = { startedAt: at(35), by: "ann", reason: "5xx" };
    expect(value("rollback-eta", state({ rollback: { ...started, completedAt: at(41) } }))).toBe(
      "completed 12:41 UTC (confirmed by AWS)",
    );
    expect(value("rollback-eta", state({ rollback: started }))).toBe("in progress since 12:35 UTC");
    expect(value("rollback-eta")).toBeUndefined();
  });

  it("the reason and the issue: the rollback's reason, else the latest open critical alert", () => {
    const alerts = [
      alert("critical", "first critical"),
      alert("critical", "old critical"),
      alert("critical", "latest critical"),
      alert("critical", "acknowledged", true),
      alert("warning", "a warning"),
    ];
    expect(value("reason", state({ alerts, rollback: { startedAt: at(1), by: "a", reason: "why" } }))).toBe(
      "why",
    );
    expect(value("reason", state({ alerts }))).toBe("latest critical");
    expect(value("reason", state({ alerts: [alert("warning", "w")] }))).toBeUndefined();
    expect(value("issue", state({ alerts }))).toBe("latest critical");
    expect(
      value(
        "issue",
        state({
          alerts: [
            alert("warning", "w1"),
            alert("warning", "w2"),
            alert("warning", "w3"),
            alert("critical", "c", true),
          ],
        }),
      ),
    ).toBe("w3");
    expect(value("issue")).toBeUndefined();
    expect(value("details")).toBe(details(state()));
  });

  it("a choice reads the state now, the issues slot the whole night", () => {
    const s = state({ alerts: [alert("critical", "c", true)] });
    expect(value("choice", s, T0, [], { options: ["GREEN", "YELLOW", "RED"] })).toBe("GREEN");
    expect(value("issues", s, T0, [], { options: ["None", "Minor", "Major"] })).toBe("Major");
    expect(value("choice", s)).toBeUndefined();
    expect(value("issues", s)).toBeUndefined();
  });

  it("a key the lead types matches with or without brackets, in any case", () => {
    expect(norm(" [Next Steps] ")).toBe("next steps");
    expect(norm("[a [b] c]")).toBe("a [b] c");
  });
});
