/**
 * The reducer's cases one by one, on logs written by hand: what each event leaves in the state a
 * view, the gate and the record read. The traffic cases (a promote to 100 % starting an attempt, a
 * rollback's record, reconciliation on open, drift) were reached only through the engine's
 * integration tests, which no mutant run includes.
 */
import { describe, expect, it } from "vitest";
import { reduce, type SessionEvent, type SessionState } from "../../source/domain/events.js";

const at = (n: number) => new Date(Date.UTC(2026, 10, 23, 12, n)).toISOString();

/** A log from session.created on, one minute apart, by ann unless an event says otherwise. */
function fold(...events: [type: string, data: unknown, extra?: object][]): SessionState {
  const log = [
    [
      "session.created",
      { id: "s1", runbook: { file: "r.md", sha256: "x", title: "R", text: "" }, t0: at(0), lead: "ann" },
    ],
    ...events,
  ].map(
    ([type, data, extra], i) =>
      ({
        seq: i + 1,
        at: at(i),
        by: "ann",
        type,
        data,
        prev: `h${i}`,
        hash: `h${i + 1}`,
        ...(extra as object | undefined),
      }) as SessionEvent,
  );
  return reduce(log);
}

const W = (green: number) => ({ blue: 100 - green, green });
const promote = (green: number, step = green): [string, unknown][] => [
  ["traffic.shift.requested", { kind: "promote", to: W(green), step }],
  ["traffic.shift.confirmed", { kind: "promote", weights: W(green), tookMs: 1, attempts: 1 }],
];
const rollback: [string, unknown][] = [
  ["traffic.shift.requested", { kind: "rollback", to: W(0), override: "5xx on green" }],
  ["traffic.shift.confirmed", { kind: "rollback", weights: W(0), tookMs: 1, attempts: 1 }],
];
const row = (offsetMinutes: number, attempt?: number) => ({
  offsetMinutes,
  errorRate: 0.1,
  latencyP95: 120,
  status: "OK",
  late: false,
  ...(attempt ? { attempt } : {}),
});

describe("reduce: who leads, what was signed, what was attached", () => {
  it("lead.changed, session.signed with and without its role, acceptance and blanks, config, T0", () => {
    const s = fold(
      ["lead.changed", { holder: "bob", generation: 2, until: at(30), previous: "ann" }, { by: "bob" }],
      [
        "session.signed",
        {
          status: "success",
          signer: "Ann",
          role: "Lead",
          accepted: { reason: "r", open: ["i1"] },
          fields: [{ field: "f1", value: "Ann" }],
        },
      ],
      ["config.attached", { config: { region: "eu-west-1" }, clock: { url: "http://127.0.0.1:1" } }],
      ["t0.changed", { t0: "2026-11-23T14:00:00Z" }],
    );
    expect(s.leader).toEqual({ holder: "bob", generation: 2, until: at(30), by: "bob", at: at(1) });
    expect(s.signoff).toEqual({
      status: "success",
      signer: "Ann",
      role: "Lead",
      accepted: { reason: "r", open: ["i1"] },
      by: "ann",
      at: at(2),
    });
    expect(s.fields).toEqual({ f1: { value: "Ann", source: "engine", by: "ann", at: at(2) } });
    expect(s.config).toEqual({ region: "eu-west-1" });
    expect(s.clock).toEqual({ url: "http://127.0.0.1:1" });
    expect(s.t0).toBe(Date.parse("2026-11-23T14:00:00Z"));
    const bare = fold(
      ["session.signed", { status: "in-progress", signer: "Ann", fields: [] }],
      ["config.attached", { config: { region: "x" } }],
    );
    expect(Object.keys(bare.signoff!).sort()).toEqual(["at", "by", "signer", "status"]);
    expect(bare.fields).toEqual({});
    expect("clock" in bare).toBe(false);
  });

  it("an amended event is listed with why, by whom and when", () => {
    const s = fold(
      ["note.added", { text: "x" }],
      ["note.added", { text: "late" }, { amendment: { why: "forgot" }, by: "bob" }],
    );
    expect(s.amendments).toEqual([{ seq: 3, type: "note.added", why: "forgot", by: "bob", at: at(2) }]);
  });
});

describe("reduce: traffic", () => {
  it("promotes step by step; 100 % green goes live and starts attempt 1", () => {
    const s = fold(...promote(10), ...promote(100, 3));
    expect(s.weights).toEqual(W(100));
    expect(s.weightsSince).toBe(at(4));
    expect(s.shift).toBeUndefined();
    expect(s.steps).toEqual([
      { step: 10, confirmedAt: at(2) },
      { step: 3, confirmedAt: at(4) },
    ]);
    expect(s.liveAt).toBe(at(4));
    expect(s.live).toEqual({ at: at(4), attempt: 1 });
    const pending = fold(...promote(10), [
      "traffic.shift.requested",
      { kind: "promote", to: W(50), step: 50 },
    ]);
    expect(pending.shift).toEqual({ kind: "promote", to: W(50), since: at(3), step: 50, seq: 4 });
  });

  it("a rollback: its record, a failure kept, a repeat while running not a new record, the end of live", () => {
    const s = fold(
      ...promote(100),
      ["checkpoint.recorded", row(15)],
      ["traffic.shift.requested", { kind: "rollback", to: W(0), override: "5xx" }],
      ["traffic.shift.failed", { kind: "rollback", to: W(0), error: "throttled" }],
      ["traffic.shift.requested", { kind: "rollback", to: W(0), override: "again" }, { by: "bob" }],
    );
    expect(s.rollback).toEqual({ startedAt: at(4), by: "ann", reason: "5xx", failed: "throttled" });
    expect(s.shift?.kind).toBe("rollback");
    // A promote asked for while the rollback is in flight never hides it.
    const hidden = fold(...promote(100), rollback[0]!, [
      "traffic.shift.requested",
      { kind: "promote", to: W(100) },
    ]);
    expect(hidden.shift?.kind).toBe("rollback");
    const done = fold(...promote(100), ["checkpoint.recorded", row(15)], ...rollback, [
      "rollback.verified",
      { blueHealthy: true, detail: "" },
    ]);
    expect(done.rollback).toEqual({
      startedAt: at(4),
      by: "ann",
      reason: "5xx on green",
      completedAt: at(5),
      verified: true,
    });
    expect(done.live).toEqual({ at: at(2), attempt: 1, endedAt: at(5) });
    expect(done.weights).toEqual(W(0));
    // A second rollback after a completed one starts a new record.
    const again = fold(...promote(100), ...rollback, ...promote(100), rollback[0]!);
    expect(again.rollback).toEqual({ startedAt: at(7), by: "ann", reason: "5xx on green" });
    // A failed promote leaves no rollback record.
    const failed = fold(promote(10)[0]!, [
      "traffic.shift.failed",
      { kind: "promote", to: W(10), error: "x" },
    ]);
    expect(failed.shift).toBeUndefined();
    expect(failed.rollback).toBeUndefined();
    // A promote failing after a rollback is not the rollback's failure.
    const later = fold(...promote(100), ...rollback, promote(50)[0]!, [
      "traffic.shift.failed",
      { kind: "promote", to: W(50), error: "x" },
    ]);
    expect(later.rollback).toEqual({
      startedAt: at(3),
      by: "ann",
      reason: "5xx on green",
      completedAt: at(4),
    });
  });

  it("a second go-live starts attempt 2; late rows stay with their own attempt", () => {
    const s = fold(
      ...promote(100),
      ["checkpoint.recorded", row(15, 1)],
      ...rollback,
      ...promote(100),
      ["checkpoint.recorded", row(30, 1)],
      ["checkpoint.recorded", row(45, 7)],
      ["checkpoint.recorded", row(15, 2)],
    );
    expect(s.liveAt).toBe(at(2));
    expect(s.live).toEqual({ at: at(7), attempt: 2 });
    const mark = (n: number) => ({ by: "ann", at: at(n) });
    expect(s.earlierCheckpoints).toEqual([
      {
        attempt: 1,
        rows: [
          { ...row(15, 1), ...mark(3) },
          { ...row(30, 1), ...mark(8) },
        ],
      },
      { attempt: 7, rows: [{ ...row(45, 7), ...mark(9) }] },
    ]);
    expect(s.checkpoints).toEqual({ 15: { ...row(15, 2), ...mark(10) } });
    // No rows yet: no empty earlier attempt.
    expect(fold(...promote(100), ...rollback, ...promote(100)).earlierCheckpoints).toEqual([]);
  });

  it("superseded ends only a promote's pending shift", () => {
    const sup = ["traffic.shift.superseded", { kind: "promote", to: W(50), detail: "" }] as [string, unknown];
    expect(fold(promote(50)[0]!, sup).shift).toBeUndefined();
    expect(fold(...promote(100), rollback[0]!, sup).shift?.kind).toBe("rollback");
  });

  it("drift: first sight keeps the dwell, a change restarts it, below 100 % ends live", () => {
    const first = fold(["drift.detected", { expected: null, actual: W(100) }]);
    expect(first.weights).toEqual(W(100));
    expect(first.weightsSince).toBeUndefined();
    const s = fold(...promote(100), ["drift.detected", { expected: W(100), actual: W(80) }]);
    expect(s.weights).toEqual(W(80));
    expect(s.weightsSince).toBe(at(3));
    expect(s.live?.endedAt).toBe(at(3));
    const still = fold(...promote(100), ["drift.detected", { expected: W(100), actual: W(100) }]);
    expect(still.live?.endedAt).toBeUndefined();
  });

  it("the Go decision with and without what it held open", () => {
    expect(
      fold(["decision.go", { criteria: [], override: "ok by CAB", open: ["i2 open"] }]).goDecision,
    ).toEqual({
      by: "ann",
      at: at(1),
      override: "ok by CAB",
      open: ["i2 open"],
    });
    expect(fold(["decision.go", { criteria: [], open: [] }]).goDecision).toStrictEqual({
      by: "ann",
      at: at(1),
      override: undefined,
    });
  });
});

describe("reduce: what golive observed of the listener", () => {
  const obs = (observation: string, weights?: unknown): [string, unknown] => [
    "traffic.observed",
    { observation, weights, detail: "" },
  ];

  it("a pending promote found completed: its step, live at 100 %", () => {
    const s = fold(
      ["traffic.shift.requested", { kind: "promote", to: W(100), step: 100 }],
      obs("reconciled-completed", W(100)),
    );
    expect(s.shift).toBeUndefined();
    expect(s.weights).toEqual(W(100));
    expect(s.weightsSince).toBe(at(2));
    expect(s.steps).toEqual([{ step: 100, confirmedAt: at(2) }]);
    expect(s.liveAt).toBe(at(2));
    expect(s.live).toEqual({ at: at(2), attempt: 1 });
    const noStep = fold(
      ["traffic.shift.requested", { kind: "promote", to: W(50) }],
      obs("reconciled-completed", W(50)),
    );
    expect(noStep.steps).toEqual([{ step: 50, confirmedAt: at(2) }]);
    expect(noStep.live).toBeUndefined();
    const noWeights = fold(
      ["traffic.shift.requested", { kind: "promote", to: W(50) }],
      obs("reconciled-completed"),
    );
    expect(noWeights.steps).toEqual([]);
    expect(noWeights.weights).toBeNull();
  });

  it("a pending rollback found completed ends the rollback, its failure cleared; live ends", () => {
    const s = fold(
      ...promote(100),
      rollback[0]!,
      ["traffic.shift.failed", { kind: "rollback", to: W(0), error: "timeout" }],
      rollback[0]!,
      obs("reconciled-completed", W(0)),
    );
    expect(s.rollback).toEqual({ startedAt: at(3), by: "ann", reason: "5xx on green", completedAt: at(6) });
    expect(s.live?.endedAt).toBe(at(6));
    expect(s.steps).toHaveLength(1);
  });

  it("not applied or someone else's weights: the weights only when they differ", () => {
    const same = fold(...promote(10), obs("reconciled-not-applied", W(10)));
    expect(same.weightsSince).toBe(at(2));
    expect(same.shift).toBeUndefined();
    const other = fold(...promote(10), promote(50)[0]!, obs("reconciled-other", W(30)));
    expect(other.weights).toEqual(W(30));
    expect(other.weightsSince).toBe(at(4));
    expect(other.shift).toBeUndefined();
    const blind = fold(promote(10)[0]!, obs("reconciled-not-applied", W(0)));
    expect(blind.weights).toEqual(W(0));
  });

  it("a rollback seen on reopen completes it; a change seen while a dialog was open ends nothing", () => {
    const s = fold(...promote(100), rollback[0]!, obs("rollback-observed-on-reopen", W(0)));
    expect(s.rollback).toEqual({
      startedAt: at(3),
      by: "ann",
      reason: "5xx on green",
      completedAt: at(4),
      observedOnReopen: true,
    });
    expect(s.weights).toEqual(W(0));
    expect(s.weightsSince).toBe(at(4));
    expect(s.shift).toBeUndefined();
    const dialog = fold(...promote(100), obs("changed-since-dialog", W(50)));
    expect(dialog.live?.endedAt).toBeUndefined();
    expect(dialog.weights).toEqual(W(100));
    const seen = fold(...promote(100), obs("nothing-to-move", W(50)));
    expect(seen.live?.endedAt).toBe(at(3));
  });
});

describe("reduce: alerts", () => {
  it("repeats count and keep or replace the message; acknowledgement of one or several", () => {
    const raise = (alert: string): [string, unknown] => [
      "alert.raised",
      { alert, severity: "warning", message: `${alert}!` },
    ];
    const s = fold(
      raise("a1"),
      raise("a2"),
      raise("a3"),
      ["alert.repeated", { alert: "a1", count: 3, message: "a1 again" }],
      ["alert.repeated", { alert: "a2", count: 2 }],
      ["alert.acknowledged", { alert: "a1", alerts: ["a3"] }],
    );
    expect(s.alerts.map((a) => [a.id, a.count, a.message, a.lastSeenAt, a.acknowledged])).toEqual([
      ["a1", 3, "a1 again", at(4), true],
      ["a2", 2, "a2!", at(5), false],
      ["a3", 1, "a3!", at(3), true],
    ]);
    const ackList = fold(raise("a1"), raise("a2"), ["alert.acknowledged", { alerts: ["a2"] }]);
    expect(ackList.alerts.map((a) => a.acknowledged)).toEqual([false, true]);
  });
});
