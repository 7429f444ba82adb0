import { describe, expect, it } from "vitest";
import { parseT0 } from "../../source/domain/t0.js";
import { findTimeMarker, formatOffset, formatTClock, parseDuration } from "../../source/domain/time.js";

describe("time markers in runbook text", () => {
  it.each([
    ["Pre-Deployment (T-24 hours)", -1440],
    ["Deployment (T-0)", 0],
    ["T+15 Minutes: Initial Validation", 15],
    ["Post-Deployment (T+1 hour)", 60],
    ["24 hours before go-live", -1440],
    ["15 minutes after go-live", 15],
    ["Go-live time", 0],
    ["T-30 minutes", -30],
    ["T+15", 15],
    ["T − 2h", -120],
  ])("%s → %d minutes", (text, minutes) => {
    expect(findTimeMarker(text)).toMatchObject({ kind: "offset", minutes });
  });

  it("reads T+X (Issue Detected) as event-relative, not a clock time", () => {
    expect(findTimeMarker("T+X (Issue Detected)")).toEqual({
      kind: "event",
      event: "Issue Detected",
      text: "T+X (Issue Detected)",
    });
  });

  it("ignores words that merely start with T", () => {
    expect(findTimeMarker("Traffic Shift (Canary)")).toBeUndefined();
    expect(findTimeMarker("Step 1: Pre-Flight Checks")).toBeUndefined();
  });

  it("reads durations and formats the T-clock", () => {
    expect(parseDuration("2 hours")).toBe(120);
    expect(parseDuration("1h 30m")).toBe(90);
    expect(formatTClock(Date.parse("2026-01-01T11:47:55Z"), Date.parse("2026-01-01T12:00:00Z"))).toBe(
      "T-00:12:05",
    );
    expect(formatTClock(Date.parse("2026-01-01T12:17:32Z"), Date.parse("2026-01-01T12:00:00Z"))).toBe(
      "T+00:17:32",
    );
    expect([
      formatOffset(-1440),
      formatOffset(-30),
      formatOffset(0),
      formatOffset(90),
      formatOffset(4320),
    ]).toEqual(["T-24h", "T-30m", "T-0", "T+1h30m", "T+3d"]);
  });
});

describe("T-0 as a lead types it", () => {
  const now = Date.parse("2026-03-28T10:00:00Z");
  it("accepts ISO-8601 with an offset", () => {
    expect(parseT0("2026-11-24T18:00:00Z", now)).toBe(Date.parse("2026-11-24T18:00:00Z"));
    expect(parseT0("2026-11-24T18:00+01:00", now)).toBe(Date.parse("2026-11-24T17:00:00Z"));
  });
  it("accepts a plain local time with an IANA zone, across DST", () => {
    expect(parseT0("2026-11-24 18:00 Europe/Paris", now)).toBe(Date.parse("2026-11-24T17:00:00Z"));
    // Paris moves to summer time on 2026-03-29: 18:00 that day is 16:00Z.
    expect(parseT0("2026-03-29 18:00 Europe/Paris", now)).toBe(Date.parse("2026-03-29T16:00:00Z"));
    expect(parseT0("18:00 America/New_York", now)).toBe(Date.parse("2026-03-28T22:00:00Z"));
    expect(parseT0("2026-11-24 18:00 UTC", now)).toBe(Date.parse("2026-11-24T18:00:00Z"));
  });
  it("accepts now±offset for rehearsals", () => {
    expect(parseT0("now+30m", now)).toBe(now + 30 * 60_000);
    expect(parseT0("now-2h", now)).toBe(now - 2 * 3_600_000);
  });
  it("refuses a local time without a zone, an unknown zone and nonsense", () => {
    expect(() => parseT0("2026-11-24 18:00", now)).toThrow(/cannot read/);
    expect(() => parseT0("2026-11-24 18:00 Mars/Olympus", now)).toThrow(/unknown time zone "Mars\/Olympus"/);
    expect(() => parseT0("2026-13-40 25:00 UTC", now)).toThrow(/not a valid date/);
    expect(() => parseT0("tomorrow-ish", now)).toThrow(/use ISO-8601/);
  });
});
