/**
 * T-0 as a lead types it and times as golive prints them, at their edges: each calendar limit on
 * its own, the daylight-saving gap and overlap, zones with minutes, seconds and two slashes, and
 * the T-clock at zero, ten and two days.
 */
import { describe, expect, it } from "vitest";
import { parseT0 } from "../../source/domain/t0.js";
import {
  findTimeMarker,
  formatCountdown,
  formatOffset,
  formatTClock,
  parseDuration,
  parseDurationExact,
} from "../../source/domain/time.js";

const now = Date.parse("2026-03-28T12:00:00Z");
const at = (text: string) => new Date(parseT0(text, now)).toISOString();
const invalid = (text: string) => `"${text}" is not a valid date and time`;

describe("parseT0: rehearsal times", () => {
  it.each([
    ["now", "2026-03-28T12:00:00.000Z"],
    ["  now+30m  ", "2026-03-28T12:30:00.000Z"],
    ["now+30", "2026-03-28T12:30:00.000Z"],
    ["now+1.25h", "2026-03-28T13:15:00.000Z"],
    ["now+30 minute", "2026-03-28T12:30:00.000Z"],
    ["now+1 hour", "2026-03-28T13:00:00.000Z"],
    ["now-1 day", "2026-03-27T12:00:00.000Z"],
  ])("%j is %s", (text, iso) => {
    expect(at(text)).toBe(iso);
  });

  it.each([
    "right now",
    "now+30m later",
    "at 18:00 UTC",
    "18:00 Europe/Paris tomorrow",
    // Text around an ISO time is not an ISO time, even one whose hour is wrong too.
    "x2026-11-24T25:00Z",
    "2026-11-24T25:00Z later",
    // An offset no zone has: Date.parse gives NaN, which must not become T-0.
    "2026-11-24T18:00+99:99",
    "2026-11-24T18:00+24:00",
  ])("%j is refused", (text) => {
    expect(() => parseT0(text, now)).toThrow(/cannot read/);
  });
});

describe("parseT0: ISO-8601 and local times", () => {
  it.each([
    ["2026-11-24T18:00+0100", "2026-11-24T17:00:00.000Z"],
    ["2026-11-24T18:00:00.123Z", "2026-11-24T18:00:00.123Z"],
    ["2026-11-24 18:30 Europe/Paris", "2026-11-24T17:30:00.000Z"],
    ["2026-11-24 18:00:30 Europe/Paris", "2026-11-24T17:00:30.000Z"],
    ["2026-11-24 18:00  UTC", "2026-11-24T18:00:00.000Z"],
    ["2026-11-24 18:00 America/Argentina/Buenos_Aires", "2026-11-24T21:00:00.000Z"],
    // Every edge of the calendar that is still inside it.
    ["2026-01-31 10:00 UTC", "2026-01-31T10:00:00.000Z"],
    ["2026-01-15 10:00 UTC", "2026-01-15T10:00:00.000Z"],
    ["2026-12-31 10:00 UTC", "2026-12-31T10:00:00.000Z"],
    ["2026-11-01 10:00 UTC", "2026-11-01T10:00:00.000Z"],
    ["2026-11-30 10:00 UTC", "2026-11-30T10:00:00.000Z"],
    ["2028-02-29 10:00 UTC", "2028-02-29T10:00:00.000Z"],
    ["2026-11-24 23:59:59 UTC", "2026-11-24T23:59:59.000Z"],
  ])("%j is %s", (text, iso) => {
    expect(at(text)).toBe(iso);
  });

  it.each([
    ["2026-13-01 10:00 UTC", invalid("2026-13-01 10:00 UTC")],
    ["2026-00-10 10:00 UTC", invalid("2026-00-10 10:00 UTC")],
    // A month that does not exist has no number of days to name.
    ["2026-13-40 10:00 UTC", invalid("2026-13-40 10:00 UTC")],
    ["2026-00-40 10:00 UTC", invalid("2026-00-40 10:00 UTC")],
    ["2026-11-00 10:00 UTC", invalid("2026-11-00 10:00 UTC")],
    ["2026-11-31 10:00 UTC", `${invalid("2026-11-31 10:00 UTC")} (2026-11 has 30 days)`],
    ["2026-02-29 10:00 UTC", `${invalid("2026-02-29 10:00 UTC")} (2026-02 has 28 days)`],
    ["2026-11-24 24:00 UTC", invalid("2026-11-24 24:00 UTC")],
    // The month's last day is a day: only the hour is wrong, and no day count is named.
    ["2026-11-30 24:00 UTC", invalid("2026-11-30 24:00 UTC")],
    ["2026-11-24 10:60 UTC", invalid("2026-11-24 10:60 UTC")],
    ["2026-11-24 10:00:60 UTC", invalid("2026-11-24 10:00:60 UTC")],
    ["2026-02-30T10:00Z", `${invalid("2026-02-30T10:00Z")} (2026-02 has 28 days)`],
    ["2026-11-24T24:00:00Z", invalid("2026-11-24T24:00:00Z")],
    ["2026-11-24T18:60Z", invalid("2026-11-24T18:60Z")],
    ["2026-11-24T18:00:60Z", invalid("2026-11-24T18:00:60Z")],
  ])("%j is refused: %s", (text, message) => {
    expect(() => parseT0(text, now)).toThrow(new RangeError(message));
  });

  it("a wall time the clocks skip is refused, named", () => {
    expect(() => parseT0("2026-03-29 02:30 Europe/Paris", now)).toThrow(
      new RangeError(
        "2026-03-29 02:30 Europe/Paris does not exist (the clocks skip it for daylight saving time); pick a time outside the gap or give an ISO-8601 time with its offset",
      ),
    );
  });

  it("a wall time that happens twice is refused with both instants", () => {
    expect(() => parseT0("2026-10-25 02:30 Europe/Paris", now)).toThrow(
      new RangeError(
        "2026-10-25 02:30 Europe/Paris happens twice (the clocks go back for daylight saving time): 2026-10-25T00:30:00.000Z or 2026-10-25T01:30:00.000Z; give an ISO-8601 time with its offset",
      ),
    );
  });

  it("the two instants of a wall time that happens twice come in time order, before 1970 too", () => {
    expect(() => parseT0("1968-10-27 01:30 America/New_York", now)).toThrow(
      /: 1968-10-27T05:30:00\.000Z or 1968-10-27T06:30:00\.000Z;/,
    );
  });
});

describe("time markers and durations", () => {
  it("an event's name and a go-live line are read without their blanks", () => {
    expect(findTimeMarker("T+X ( Issue Detected )")).toEqual({
      kind: "event",
      event: "Issue Detected",
      text: "T+X ( Issue Detected )",
    });
    expect(findTimeMarker("  At go-live  ")).toEqual({ kind: "offset", minutes: 0, text: "At go-live" });
  });

  it("units written together are all counted, as runbooks write dwells (1h30m is 90 minutes)", () => {
    expect(["1h30m", "1h 30m", "2h15min", "1d2h", "90m", "1.5h"].map(parseDuration)).toEqual([
      90, 90, 135, 1560, 90, 90,
    ]);
    // A unit is a whole word: "5 mice" and "3 hoursly" say no duration.
    expect([parseDuration("5 mice"), parseDuration("3 hoursly")]).toEqual([undefined, undefined]);
  });

  it("a text with no duration has none (not zero)", () => {
    expect(parseDuration("until the dashboards are green")).toBeUndefined();
  });

  it("an exact duration is the whole text: units together or apart, nothing else beside them", () => {
    expect(["1h30m", " 1h 30m ", "2 hours 15 minutes", "0m", "1.5h"].map(parseDurationExact)).toEqual([
      90, 90, 135, 0, 90,
    ]);
    expect(["-5m", "5m or so", "about 5m", "5", "", "5 mice", "1h30"].map(parseDurationExact)).toEqual(
      Array(7).fill(undefined),
    );
  });
});

describe("formatting", () => {
  it("the T-clock at T-0 counts up, and pads two digits", () => {
    expect(formatTClock(now, now)).toBe("T+00:00:00");
    expect(formatTClock(now + 600_000, now)).toBe("T+00:10:00");
    expect(formatCountdown(now, now + 3_723_000)).toBe("01:02:03");
  });

  it("offsets in days only past two days, and only whole days", () => {
    expect(formatOffset(2880)).toBe("T+48h");
    expect(formatOffset(3000)).toBe("T+50h");
    expect(formatOffset(-4320)).toBe("T-3d");
  });
});
