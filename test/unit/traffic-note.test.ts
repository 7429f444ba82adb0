/**
 * The cockpit's header line "AWS now reads …" claims what AWS shows now. A listener read begun
 * before the record's weights changed (the promote confirmed by its own read-back) shows AWS as it
 * was: seen in a demo at 80×24 as "AWS now reads blue 100 / green 0" beside "promote confirmed by
 * AWS: blue 90 / green 10" until the next poll. Such a read is not news; a later one that disagrees is.
 */
import { describe, expect, it } from "vitest";
import type { MonitorSnapshot } from "../../source/engine/monitor.js";
import { trafficNote } from "../../source/ui/app/freshness.js";

const snap = (weights: { blue: number; green: number }, readFrom: number, at: number) =>
  ({
    errors: [],
    listener: { weights },
    listenerAt: at,
    listenerReadFrom: readFrom,
  }) as unknown as MonitorSnapshot;

describe("the header's AWS read", () => {
  const promotedAt = 1_000_000;
  const recorded = { blue: 90, green: 10 };

  it("a read begun before the promote was recorded is not 'AWS now'", () => {
    expect(
      trafficNote(
        snap({ blue: 100, green: 0 }, promotedAt - 500, promotedAt + 200),
        recorded,
        promotedAt + 300,
        promotedAt,
      ),
    ).toBeUndefined();
  });

  it("a read begun after it that disagrees is said, in the bad tone", () => {
    expect(
      trafficNote(
        snap({ blue: 50, green: 50 }, promotedAt + 5_000, promotedAt + 5_100),
        recorded,
        promotedAt + 6_000,
        promotedAt,
      ),
    ).toEqual({
      text: "AWS now reads blue 50 / green 50",
      tone: "bad",
    });
  });

  it("a read that agrees says nothing; without the change's time every disagreement is said", () => {
    expect(
      trafficNote(
        snap(recorded, promotedAt + 5_000, promotedAt + 5_100),
        recorded,
        promotedAt + 6_000,
        promotedAt,
      ),
    ).toBeUndefined();
    expect(trafficNote(snap({ blue: 100, green: 0 }, 1, 2), recorded, 3)?.text).toBe(
      "AWS now reads blue 100 / green 0",
    );
  });
});
