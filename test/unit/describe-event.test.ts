/**
 * The event log's words (status, the cockpit's log pane and the export's "Event log" table all show
 * describeEvent): each says what happened, who pressed through what, and what AWS confirmed — and a
 * wrong word here is a wrong record, so the distinctions are asserted, not just that a line exists.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  describeEvent,
  oneLine,
  unconfirmedManualCommand,
  versionText,
} from "../../source/domain/describe.js";
import type { EventMap, SessionEvent } from "../../source/domain/events.js";

let seq = 0;
function ev<T extends keyof EventMap>(
  type: T,
  data: EventMap[T],
  extra: Partial<Pick<SessionEvent, "amendment" | "merged" | "by">> = {},
): SessionEvent {
  seq++;
  return {
    seq,
    at: `2026-11-23T12:${String(seq).padStart(2, "0")}:00.000Z`,
    by: "ann",
    type,
    data,
    prev: "p",
    hash: "h",
    ...extra,
  } as SessionEvent;
}

const B = { blue: 100, green: 0 };
const C = { blue: 90, green: 10 };

describe("describeEvent", () => {
  it("a promote's override is an override and names every gate reason it pressed through, with who", () => {
    const d = describeEvent(
      ev(
        "traffic.shift.requested",
        {
          kind: "promote",
          from: B,
          to: C,
          override: "bridge call agreed",
          overridden: ["dwell 4m of 10m", "no data"],
        },
        { by: "bob" },
      ),
    );
    expect(d).toBe(
      "promote requested: blue 100 / green 0 → blue 90 / green 10 (override: bridge call agreed); gate overridden by bob: dwell 4m of 10m; no data",
    );
  });

  it("a rollback's text is its reason, not an override; an unknown 'from' is said to be unknown", () => {
    expect(
      describeEvent(ev("traffic.shift.requested", { kind: "rollback", to: B, override: "5xx spike" })),
    ).toBe("rollback requested: unknown → blue 100 / green 0 (reason: 5xx spike)");
  });

  it("a confirmation says what AWS read back, how long it took and how many calls (one call, not 'calls')", () => {
    expect(
      describeEvent(
        ev("traffic.shift.confirmed", { kind: "promote", weights: C, tookMs: 1234, attempts: 1 }),
      ),
    ).toBe("promote confirmed by AWS: blue 90 / green 10 in 1.2 s (1 call)");
    expect(
      describeEvent(
        ev("traffic.shift.confirmed", { kind: "rollback", weights: B, tookMs: 500, attempts: 3 }),
      ),
    ).toBe("rollback confirmed by AWS: blue 100 / green 0 in 0.5 s (3 calls)");
  });

  it("a failed shift is FAILED with the command to run by hand when there is one", () => {
    expect(
      describeEvent(
        ev("traffic.shift.failed", {
          kind: "rollback",
          to: B,
          error: "AccessDenied",
          manualCommand: "aws elbv2 modify-listener …",
        }),
      ),
    ).toBe("rollback FAILED: AccessDenied; by hand: aws elbv2 modify-listener …");
    expect(describeEvent(ev("traffic.shift.failed", { kind: "promote", to: C, error: "throttled" }))).toBe(
      "promote FAILED: throttled",
    );
  });

  it("drift with an expectation is DRIFT; without one it is only a read of the listener", () => {
    expect(describeEvent(ev("drift.detected", { expected: C, actual: B }))).toBe(
      "DRIFT: listener changed outside golive: blue 90 / green 10 → blue 100 / green 0",
    );
    expect(describeEvent(ev("drift.detected", { expected: null, actual: B }))).toBe(
      "listener read from AWS: blue 100 / green 0",
    );
  });

  it("the Go decision counts criteria met and No-Go ruled out (unknown is not met), with what was open", () => {
    const d = describeEvent(
      ev("decision.go", {
        criteria: [
          { text: "a", ok: true },
          { text: "b", ok: null },
          { text: "c", ok: false },
        ],
        noGo: [
          { text: "x", ok: true },
          { text: "y", ok: true },
        ],
        override: "vp approved",
        open: ["b unknown", "c failed"],
      }),
    );
    expect(d).toBe(
      "GO decision (override: vp approved): 1/3 criteria met, 2/2 No-Go ruled out; open at the Go: b unknown; c failed",
    );
  });

  it("a checkpoint shows no data as 'no data' (never 0), rounds as the record does, and names a later attempt", () => {
    expect(
      describeEvent(
        ev("checkpoint.recorded", {
          offsetMinutes: 30,
          errorRate: null,
          latencyP95: 41.6,
          status: "no data",
          late: true,
          attempt: 2,
        }),
      ),
    ).toBe("checkpoint T+30 (attempt 2): error no data, p95 42ms → no data (filled late from history)");
    expect(
      describeEvent(
        ev("checkpoint.recorded", {
          offsetMinutes: 5,
          errorRate: 0.125,
          latencyP95: null,
          status: "OK",
          late: false,
          attempt: 1,
        }),
      ),
    ).toBe("checkpoint T+5: error 0.13%, p95 no data → OK");
  });

  it("text where golive records a number (a session written by hand) is said as it is, never thrown on", () => {
    const forged = <T>(v: unknown) => v as T;
    expect(
      describeEvent(
        ev("checkpoint.recorded", {
          offsetMinutes: 15,
          errorRate: forged("high"),
          latencyP95: forged("n/a"),
          status: "OK",
          late: false,
        }),
      ),
    ).toBe("checkpoint T+15: error high, p95 n/a → OK");
    expect(
      describeEvent(
        ev("metrics.period", {
          t: "2026-12-03T18:05:00.000Z",
          periodMs: 60_000,
          weights: null,
          // An arm written without its p95 reads as no data, as a null one does.
          blue: forged({ requests: 10, errors: 1, connectionErrors: 0 }),
          green: { requests: 10, errors: 0, connectionErrors: 0, p95Ms: forged("slow") },
          measures: { p99: { blue: forged("lots"), green: 3.5 } },
        }),
      ),
    ).toBe(
      "period 18:05Z: blue 1/10 errors, p95 no data; green 0/10 errors, p95 slow; blue/green p99 lots/3.50",
    );
  });

  it("acknowledging all alerts is one event that says how many; one alert is named", () => {
    expect(describeEvent(ev("alert.acknowledged", { alerts: ["a1", "a2"] }))).toBe(
      "2 alerts acknowledged (all)",
    );
    expect(describeEvent(ev("alert.acknowledged", { alerts: ["a1"] }))).toBe("1 alert acknowledged (all)");
    expect(describeEvent(ev("alert.acknowledged", { alert: "a7" }))).toBe("alert a7 acknowledged");
  });

  it("a rollback verification says NOT healthy when blue is not", () => {
    expect(describeEvent(ev("rollback.verified", { blueHealthy: false, detail: "2 of 3 unhealthy" }))).toBe(
      "rollback verified: blue NOT healthy — 2 of 3 unhealthy",
    );
  });

  it("a sign-off names role, accepted open points, what it signs and the blanks it fills", () => {
    const d = describeEvent(
      ev("session.signed", {
        status: "success",
        signer: "Ann",
        role: "release manager",
        accepted: { reason: "known\n  flake", open: ["i7", "i9"] },
        signs: { count: 41, head: "abcdef0123456789" },
        fields: [{ field: "f3", value: "v2.0" }],
      }),
    );
    expect(d).toBe(
      "signed success by Ann as release manager — ACCEPTED 2 open point(s): known flake (signs events 1–41, head abcdef012345…); filled f3 = v2.0",
    );
  });

  it("an amendment after sign-off and a merged fallback record are marked on the event they change", () => {
    const d = describeEvent(
      ev(
        "note.added",
        { text: "late\nnote" },
        {
          amendment: { why: "forgot\tthis" },
          merged: { from: "/tmp/f.jsonl", at: "2026-11-23T13:00:00Z", record: "r1" },
        },
      ),
    );
    expect(d).toBe(
      "note: late note [AMENDMENT after sign-off — forgot this; merged from /tmp/f.jsonl at 2026-11-23T13:00:00Z]",
    );
  });

  it("a value recorded from metrics says so; a manual one does not", () => {
    expect(describeEvent(ev("field.recorded", { field: "f1", value: "0.4%", source: "metrics" }))).toBe(
      "recorded f1 = 0.4% (metrics)",
    );
    expect(describeEvent(ev("field.recorded", { field: "f1", value: "x", source: "manual" }))).toBe(
      "recorded f1 = x",
    );
  });

  it("checks, evidence and check runs stay on one line; a run's evidence is cut at 120 characters", () => {
    expect(describeEvent(ev("item.checked", { item: "i3", note: "ok", evidence: "line1\nline2" }))).toBe(
      "checked i3 — ok [evidence: line1 line2]",
    );
    expect(describeEvent(ev("item.unchecked", { item: "i3", reason: "redo" }))).toBe("unchecked i3 — redo");
    const long = `${"x".repeat(150)}`;
    const ran = describeEvent(ev("check.ran", { item: "i4", kind: "http", ok: false, evidence: long }));
    expect(ran).toBe(`check http on i4: FAIL — ${"x".repeat(120)}`);
  });
});

describe("unconfirmedManualCommand", () => {
  const failed = ev("traffic.shift.failed", { kind: "rollback", to: B, error: "e", manualCommand: "aws x" });
  it("is the last failed shift's command while nothing confirmed or superseded it", () => {
    expect(unconfirmedManualCommand([failed, ev("note.added", { text: "n" })])).toEqual({
      kind: "rollback",
      at: failed.at,
      command: "aws x",
    });
  });
  it("is gone once a later shift is confirmed or superseded", () => {
    const confirmed = ev("traffic.shift.confirmed", { kind: "rollback", weights: B, tookMs: 1, attempts: 1 });
    const superseded = ev("traffic.shift.superseded", { kind: "promote", to: C, detail: "rollback" });
    expect(unconfirmedManualCommand([failed, confirmed])).toBeUndefined();
    expect(unconfirmedManualCommand([failed, superseded])).toBeUndefined();
  });
  it("a failure with no command to offer offers none, even if an older one had", () => {
    const bare = ev("traffic.shift.failed", { kind: "promote", to: C, error: "e" });
    expect(unconfirmedManualCommand([failed, bare])).toBeUndefined();
  });
});

describe("text helpers", () => {
  it("oneLine folds every run of whitespace to one space and trims", () => {
    expect(oneLine("  a\n\t b  \r\n c ")).toBe("a b c");
  });
  it("oneLine's shortcut for text with only single spaces answers what the fold does", () => {
    // Single spaces, runs, and whitespace that is not a space (tab, newline, NBSP, U+2028, U+3000).
    const ws = fc.constantFrom(" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\u3000", "\ufeff");
    const text = fc
      .array(fc.oneof(fc.string({ maxLength: 4 }), ws), { maxLength: 12 })
      .map((p) => p.join(""));
    fc.assert(
      fc.property(text, (s) => oneLine(s) === s.replace(/\s+/g, " ").trim()),
      { numRuns: 2000 },
    );
  });
  it("versionText prefixes a bare number with v and leaves the team's own form alone", () => {
    expect(versionText("2.0")).toBe("v2.0");
    expect(versionText("v2.0.0")).toBe("v2.0.0");
    expect(versionText("release-7")).toBe("release-7");
  });
});
