/**
 * verify of a JSON export compares the record's step verdicts with a fold of its events that passes
 * by the notes, values and checks (domain/reduce.ts folder("steps")): its step verdicts must be the
 * full fold's, whatever those events are interleaved with. Red if the fold passed by an event that
 * moves a step, a period or the rollback.
 */
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../source/domain/events.js";
import { folder, reduce } from "../../source/domain/reduce.js";
import { stepsJson } from "../../source/domain/verdict-view.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

const MIN = 60_000;

/** The seed session's first event, then a canary at 10 % and 50 %, a rollback, and the noise around it. */
async function canaryEvents(): Promise<SessionEvent[]> {
  const { store } = await newSeedSession(tempDir("steps-fold-"));
  const created = store.events[0]!;
  await store.close();
  const t0 = Date.parse(created.at);
  const events: SessionEvent[] = [created];
  const add = (minute: number, type: string, data: unknown, extra: object = {}) =>
    events.push({
      seq: events.length + 1,
      at: new Date(t0 + minute * MIN).toISOString(),
      by: "ann",
      type,
      data,
      prev: "0".repeat(64),
      hash: "0".repeat(64),
      ...extra,
    } as SessionEvent);
  const arm = (requests: number, errors: number) => ({ requests, errors, connectionErrors: 0, p95Ms: 120 });
  const noise = (minute: number) => {
    add(minute, "note.added", { text: `n${minute}` });
    add(minute, "item.checked", { item: `i${minute}` });
    add(minute, "item.unchecked", { item: `i${minute}`, reason: "again" });
    add(minute, "field.recorded", { field: "f1", value: String(minute), source: "manual" });
    add(minute, "note.added", { text: "late" }, { amendment: { why: "late" } });
  };
  const promote = (minute: number, green: number) => {
    add(minute, "traffic.shift.requested", {
      kind: "promote",
      to: { blue: 100 - green, green },
      step: green,
    });
    noise(minute);
    add(minute, "traffic.shift.confirmed", {
      kind: "promote",
      weights: { blue: 100 - green, green },
      tookMs: 1,
      attempts: 1,
    });
  };
  const periods = (from: number, green: number, greenErrors: number) => {
    for (let m = from; m < from + 5; m++) {
      add(m, "metrics.period", {
        t: new Date(t0 + m * MIN).toISOString(),
        periodMs: MIN,
        weights: { blue: 100 - green, green },
        blue: arm(1000, 2),
        green: arm(100 + green * 10, greenErrors),
      });
      noise(m);
    }
  };
  add(0, "drift.detected", { expected: null, actual: { blue: 100, green: 0 } });
  noise(0);
  promote(1, 10);
  periods(2, 10, 1);
  promote(8, 50);
  periods(9, 50, 40);
  add(15, "traffic.shift.requested", { kind: "rollback", to: { blue: 100, green: 0 } });
  // Periods at 50 % after the rollback began are not the step's: the rollback ends it.
  periods(15, 50, 90);
  add(20, "traffic.shift.confirmed", {
    kind: "rollback",
    weights: { blue: 100, green: 0 },
    tookMs: 1,
    attempts: 1,
  });
  periods(21, 0, 0);
  return events;
}

describe('folder("steps")', () => {
  it("gives the full fold's step verdicts, and passes by the notes, values and checks", async () => {
    const events = await canaryEvents();
    const steps = folder("steps");
    for (const e of events) steps.add(e);
    const full = stepsJson(reduce(events));
    expect(full).toHaveLength(2);
    expect(stepsJson(steps.state())).toEqual(full);
    expect(steps.state().notes).toEqual([]);
    expect(steps.state().items).toEqual({});
  });
});
