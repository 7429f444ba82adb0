/**
 * EVENT_TYPES is the list the journal's schema and its fast shape check accept (session/schema.ts,
 * session/shape.ts): a type missing from it makes every session holding such an event unreadable.
 * The record below is checked by the compiler to name each EventType exactly once, so the list and
 * the union cannot drift apart unseen.
 */
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, type EventType } from "../../source/domain/events.js";

const EVERY: Record<EventType, true> = {
  "session.created": true,
  "config.attached": true,
  "item.checked": true,
  "item.unchecked": true,
  "field.recorded": true,
  "note.added": true,
  "lead.changed": true,
  "approval.requested": true,
  "approval.granted": true,
  "approval.voided": true,
  "check.confirmed": true,
  "message.written": true,
  "session.signed": true,
  "session.migrated": true,
  "t0.changed": true,
  "traffic.shift.requested": true,
  "traffic.shift.confirmed": true,
  "traffic.shift.failed": true,
  "traffic.shift.superseded": true,
  "traffic.observed": true,
  "decision.go": true,
  "rollback.verified": true,
  "drift.detected": true,
  "alert.raised": true,
  "alert.repeated": true,
  "alert.acknowledged": true,
  "checkpoint.recorded": true,
  "check.ran": true,
  "ecs.state.recorded": true,
  "ecs.action": true,
  "k8s.action": true,
  "metrics.period": true,
};

describe("EVENT_TYPES", () => {
  it("names every event type once, and nothing else", () => {
    expect([...EVENT_TYPES].sort()).toEqual(Object.keys(EVERY).sort());
  });
});
