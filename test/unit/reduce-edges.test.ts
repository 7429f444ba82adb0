/**
 * The reducer's edges Stryker found unpinned (test/MUTATION.md, domain-reduce): events reduce-cases
 * never folds (a migration, a check confirmed, a voided approval), events arriving without what
 * usually precedes them (a confirmed shift with no request, a verification with no rollback), a
 * pending shift replaced by a newer request, and `apply` copying what it was handed while `reduce`
 * adds to its own collections in place.
 */
import { describe, expect, it } from "vitest";
import type { EventOf, SessionEvent, SessionState } from "../../source/domain/events.js";
import { apply, folder, initialState, isClosed, reduce } from "../../source/domain/reduce.js";

const minute = (n: number) => new Date(Date.UTC(2026, 11, 3, 9, n)).toISOString();

const created = (extra: object = {}) =>
  ({
    seq: 1,
    at: minute(0),
    by: "ann",
    type: "session.created",
    data: {
      id: "s9",
      runbook: { file: "r.md", sha256: "y", title: "R", text: "" },
      t0: minute(30),
      lead: "ann",
      ...extra,
    },
    prev: "h0",
    hash: "h1",
  }) as EventOf<"session.created">;

/** The events after session.created, numbered from 2, a minute apart. */
function events(list: [string, unknown][]): SessionEvent[] {
  return list.map(
    ([type, data], i) =>
      ({
        seq: i + 2,
        at: minute(i + 1),
        by: "bob",
        type,
        data,
        prev: `h${i + 1}`,
        hash: `h${i + 2}`,
      }) as SessionEvent,
  );
}
const folded = (...list: [string, unknown][]): SessionState => reduce([created(), ...events(list)]);

const W = (green: number) => ({ blue: 100 - green, green });
const confirmed = (kind: string, weights: { blue: number; green: number }): [string, unknown] => [
  "traffic.shift.confirmed",
  { kind, weights, tookMs: 1, attempts: 1 },
];
const requested = (kind: string, green: number, step?: number): [string, unknown] => [
  "traffic.shift.requested",
  { kind, to: W(green), ...(step === undefined ? {} : { step }) },
];

describe("reduce: what a new session starts with", () => {
  it("the clock a session was created with is kept, and no period is recorded yet", () => {
    const s = reduce([created({ clock: { url: "http://127.0.0.1:9" } })]);
    expect(s.clock).toEqual({ url: "http://127.0.0.1:9" });
    expect(s.periods).toEqual([]);
    expect("clock" in reduce([created()])).toBe(false);
  });
});

describe("reduce: events that only move the head", () => {
  it("session.migrated changes nothing but the head (no item named undefined)", () => {
    const s = folded(["session.migrated", { from: "1", to: "2", golive: "0.9" }]);
    expect(s.items).toEqual({});
    expect(s).toMatchObject({ lastSeq: 2, head: "h2" });
  });

  it("apply folds a session.created after the first like a migration: the state, with the new head", () => {
    const s = initialState(created());
    const again = { ...created(), seq: 2, hash: "h2" } as SessionEvent;
    expect(apply(s, again)).toEqual({ ...s, lastSeq: 2, head: "h2" });
  });
});

describe("reduce: confirmations and approvals", () => {
  it("check.confirmed keeps each check's words, note, who and when, the second beside the first", () => {
    const s = folded(
      ["check.confirmed", { check: "c1", text: "DNS points at green", line: 4 }],
      ["check.confirmed", { check: "c2", text: "no 5xx", line: 9, note: "checked twice" }],
    );
    expect(s.confirmed).toEqual({
      c1: { text: "DNS points at green", note: undefined, by: "bob", at: minute(1) },
      c2: { text: "no 5xx", note: "checked twice", by: "bob", at: minute(2) },
    });
  });

  it("approval.voided marks the request voided, with why and when", () => {
    const s = folded(
      [
        "approval.requested",
        { request: "r1", requester: "arn:a", expiresAt: minute(50), digest: "d", kind: "promote", to: W(10) },
      ],
      ["approval.voided", { request: "r1", why: "expired" }],
    );
    expect(s.approvals?.r1?.voided).toEqual({ why: "expired", at: minute(2) });
  });

  it("a sign-off's values are added to those recorded before, not in their place", () => {
    const s = folded(
      ["field.recorded", { field: "f0", value: "v2.4.1" }],
      ["session.signed", { status: "success", signer: "Ann", fields: [{ field: "f1", value: "Ann" }] }],
    );
    expect(Object.keys(s.fields)).toEqual(["f0", "f1"]);
    expect(s.fields.f0).toMatchObject({ value: "v2.4.1", source: "manual" });
  });
});

describe("reduce: a pending shift and a newer request", () => {
  it("a second promote request replaces the pending one", () => {
    const s = folded(requested("promote", 10, 10), requested("promote", 25, 25));
    expect(s.shift).toMatchObject({ kind: "promote", to: W(25), step: 25, seq: 3 });
  });

  it("a second rollback request replaces the pending rollback (one record: the first is still running)", () => {
    const s = folded(requested("rollback", 0), requested("auto-rollback", 0));
    expect(s.shift).toMatchObject({ kind: "auto-rollback", seq: 3, since: minute(2) });
    expect(s.rollback?.startedAt).toBe(minute(1));
  });
});

describe("reduce: a shift confirmed, superseded or verified with nothing before it", () => {
  it("a promote confirmed with no request pending: its step is green's weight", () => {
    const s = folded(confirmed("promote", W(30)));
    expect(s.steps).toEqual([{ step: 30, confirmedAt: minute(1) }]);
  });

  it("a promote confirmed with the listener forwarding to neither colour starts no live attempt", () => {
    const s = folded(confirmed("promote", { blue: 0, green: 0 }));
    expect(s.live).toBeUndefined();
    expect(s.liveAt).toBeUndefined();
  });

  it("a second promote to 100 % while live starts no second attempt", () => {
    const s = folded(requested("promote", 100), confirmed("promote", W(100)), confirmed("promote", W(100)));
    expect(s.live).toEqual({ at: minute(2), attempt: 1 });
  });

  it("a rollback confirmed with no record and nothing live adds neither", () => {
    const s = folded(confirmed("rollback", W(0)));
    expect(s.rollback).toBeUndefined();
    expect(s.live).toBeUndefined();
  });

  it("superseded with nothing pending, a Go without open items, a verification with no rollback", () => {
    const s = folded(
      ["traffic.shift.superseded", { kind: "promote", to: W(10), detail: "overtaken" }],
      ["decision.go", { criteria: [] }],
      ["rollback.verified", { blueHealthy: true, detail: "200" }],
    );
    expect(s.shift).toBeUndefined();
    expect(s.goDecision).toEqual({ by: "bob", at: minute(2), override: undefined });
    expect(s.rollback).toBeUndefined();
  });
});

describe("apply copies, reduce adds in place", () => {
  const s0 = () =>
    reduce([
      created(),
      ...events([
        ["check.ran", { item: "i1", ok: true }],
        ["note.added", { text: "n" }],
      ]),
    ]);

  it("apply leaves the state it was handed as it was", () => {
    const s = s0();
    const before = structuredClone(s);
    const after = events([
      ["check.ran", { item: "i2", ok: false }],
      ["note.added", { text: "m" }],
      ["metrics.period", { t: minute(5), periodMs: 60_000, weights: null, blue: null, green: null }],
    ]).reduce((acc, e) => apply(acc, { ...e, seq: e.seq + 10 }), s);
    expect(s).toEqual(before);
    expect(Object.keys(after.checks)).toEqual(["i1", "i2"]);
    expect(after.checks.i2).toMatchObject({ item: "i2", ok: false, by: "bob", at: minute(1) });
    expect(after.notes.map((n) => n.text)).toEqual(["n", "m"]);
    expect(after.periods).toHaveLength(1);
  });

  it("reduce's fold keeps one map of checks and one list of periods and amendments as it goes", () => {
    const f = folder();
    f.add(created());
    const [ran1, period, ran2, amended] = events([
      ["check.ran", { item: "i1", ok: true }],
      ["metrics.period", { t: minute(5), periodMs: 60_000, weights: null, blue: null, green: null }],
      ["check.ran", { item: "i2", ok: true }],
      ["note.added", { text: "late" }],
    ]) as [SessionEvent, SessionEvent, SessionEvent, SessionEvent];
    f.add(ran1);
    f.add(period);
    const { checks, periods, amendments } = f.state();
    f.add(ran2);
    f.add({ ...amended, amendment: { why: "forgot" } } as SessionEvent);
    f.add({ ...period, seq: 6 } as SessionEvent);
    expect(f.state().checks).toBe(checks);
    expect(f.state().periods).toBe(periods);
    expect(f.state().amendments).toBe(amendments);
    expect(Object.keys(checks)).toEqual(["i1", "i2"]);
    expect(periods).toHaveLength(2);
    expect(amendments).toHaveLength(1);
  });
});

describe("reduce: the fast path folds in place, and only where it may", () => {
  it("an item, an unchecked item, a value and a note fold into the same state object", () => {
    const f = folder();
    f.add(created());
    const st = f.state();
    for (const e of events([
      ["item.checked", { item: "i1" }],
      ["item.unchecked", { item: "i1", reason: "redo" }],
      ["field.recorded", { field: "f1", value: "1" }],
      ["note.added", { text: "n" }],
    ]))
      f.add(e);
    expect(f.state()).toBe(st);
    expect(st).toMatchObject({ lastSeq: 5, head: "h5", notes: [{ text: "n" }] });
    expect(st.items.i1).toMatchObject({ checked: false, reason: "redo" });
  });

  it("an amended note, and __proto__ as an item or a field, go the copying way: own keys, the prototype kept", () => {
    const f = folder();
    f.add(created());
    const st = f.state();
    const [amended, ...rest] = events([
      ["note.added", { text: "late" }],
      ["item.unchecked", { item: "__proto__", reason: "r" }],
      ["field.recorded", { field: "__proto__", value: "x" }],
    ]) as [SessionEvent, ...SessionEvent[]];
    f.add({ ...amended, amendment: { why: "forgot" } } as SessionEvent);
    expect(f.state()).not.toBe(st);
    for (const e of rest) f.add(e);
    const s = f.state();
    expect(Object.getPrototypeOf(s.items)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(s.fields)).toBe(Object.prototype);
    expect(Object.keys(s.items)).toEqual(["__proto__"]);
    expect(Object.keys(s.fields)).toEqual(["__proto__"]);
  });

  it("a log must start with session.created, and a fold with none has no state", () => {
    expect(() => folder().add(events([["note.added", { text: "n" }]])[0] as SessionEvent)).toThrow(
      "a session starts with session.created",
    );
    expect(() => folder().state()).toThrow("a session starts with session.created");
  });

  it("isClosed: signed as success or failure, not in progress nor unsigned", () => {
    const sign = (status: string) => folded(["session.signed", { status, signer: "Ann" }]);
    expect([
      isClosed(folded()),
      isClosed(sign("in-progress")),
      isClosed(sign("success")),
      isClosed(sign("failure")),
    ]).toEqual([false, false, true, true]);
  });
});

describe("reduce: alerts, checks and what only the log keeps", () => {
  it("an alert's trust is kept when raised with one; acknowledging by a list of ids", () => {
    const s = folded(
      ["alert.raised", { alert: "a1", severity: "critical", message: "m", trust: "advisory" }],
      ["alert.raised", { alert: "a2", severity: "warning", message: "w" }],
      ["alert.acknowledged", { alerts: ["a1"] }],
    );
    expect(s.alerts.map((a) => [a.id, a.trust, a.acknowledged])).toEqual([
      ["a1", "advisory", true],
      ["a2", undefined, false],
    ]);
  });

  it("ECS and Kubernetes actions and a written message leave the state but its head", () => {
    const s = folded(
      ["ecs.state.recorded", { services: [] }],
      ["ecs.action", { action: "scale", detail: "d", ok: true }],
      ["k8s.action", { action: "undo", detail: "d", ok: true }],
      ["message.written", { template: "t", file: "m.md" }],
    );
    expect(s).toMatchObject({ lastSeq: 5, head: "h5", periods: [], checks: {} });
  });
});

describe("reduce: checkpoint rows and the attempt they belong to", () => {
  const row = (offsetMinutes: number, attempt?: number): [string, unknown] => [
    "checkpoint.recorded",
    {
      offsetMinutes,
      errorRate: 0,
      latencyP95: 100,
      status: "OK",
      late: false,
      ...(attempt ? { attempt } : {}),
    },
  ];
  const live = (): [string, unknown][] => [requested("promote", 100), confirmed("promote", W(100))];

  it("a row naming the live attempt, or none, is the live attempt's; with nothing live, a named attempt is too", () => {
    expect(Object.keys(folded(...live(), row(15, 1), row(30)).checkpoints)).toEqual(["15", "30"]);
    expect(folded(row(15, 3)).checkpoints[15]).toMatchObject({ attempt: 3 });
  });

  it("a late row of an attempt with no rows kept yet starts its entry; only that attempt's entry grows", () => {
    const rollback = [requested("rollback", 0), confirmed("rollback", W(0))];
    const s = folded(
      ...live(),
      ...rollback,
      ...live(),
      row(5, 2),
      ...rollback,
      ...live(),
      row(15, 1),
      row(20, 2),
    );
    expect(s.live?.attempt).toBe(3);
    expect(s.earlierCheckpoints.map((x) => [x.attempt, x.rows.map((r) => r.offsetMinutes)])).toEqual([
      [2, [5, 20]],
      [1, [15]],
    ]);
  });
});

describe("reduce: what golive saw of the listener (traffic.observed)", () => {
  const seen = (observation: string, weights?: { blue: number; green: number }): [string, unknown] => [
    "traffic.observed",
    { observation, ...(weights ? { weights } : {}), detail: "d" },
  ];
  const live = (): [string, unknown][] => [requested("promote", 100), confirmed("promote", W(100))];

  it.each([
    [
      "100 % green seen while live ends nothing; a promote reconciled at 100 % then starts no attempt",
      100,
      1,
      2,
    ],
    ["40 % seen ends the live attempt; a promote reconciled at 100 % then starts a second", 40, 2, 5],
  ])("%s (the first live time kept)", (_, green, attempt, at) => {
    const s = folded(
      ...live(),
      seen("reconciled-other", W(green)),
      requested("promote", 100),
      seen("reconciled-completed", W(100)),
    );
    expect(s.live).toEqual({ at: minute(at), attempt });
    expect(s.liveAt).toBe(minute(2));
  });

  it("a promote reconciled with the listener forwarding to neither colour starts nothing", () => {
    const s = folded(requested("promote", 100, 100), seen("reconciled-completed", { blue: 0, green: 0 }));
    expect(s.live).toBeUndefined();
    expect(s.steps).toEqual([{ step: 100, confirmedAt: minute(2) }]);
  });

  it("reconciled with nothing pending and no rollback record: neither a step nor a record", () => {
    const s = folded(seen("reconciled-completed", W(0)));
    expect(s.rollback).toBeUndefined();
    expect(s.steps).toEqual([]);
  });

  it("a running rollback is completed by a reconcile only when no promote is pending", () => {
    const s = folded(
      requested("rollback", 0),
      ["traffic.shift.failed", { kind: "rollback", to: W(0), error: "throttled" }],
      requested("promote", 10),
      seen("reconciled-completed"),
    );
    expect(s.rollback?.completedAt).toBeUndefined();
    expect(s.rollback?.failed).toBe("throttled");
  });

  it("on reopen, a rollback seen done with no weights read and no record: weights and record as they were", () => {
    const s = folded(confirmed("promote", W(10)), seen("rollback-observed-on-reopen"));
    expect(s.weights).toEqual(W(10));
    expect(s.rollback).toBeUndefined();
  });

  it("a listener moved to neither colour is a change from 100 % blue, and from 100 % green", () => {
    const none = { blue: 0, green: 0 };
    expect(folded(confirmed("rollback", W(0)), seen("reconciled-other", none)).weights).toEqual(none);
    expect(folded(confirmed("promote", W(100)), seen("reconciled-other", none)).weightsSince).toBe(minute(2));
  });
});
