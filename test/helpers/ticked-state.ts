/** A session at T-0 2026-11-23 12:00 UTC with these checklist items ticked by ann, nothing else. */
import type { SessionState } from "../../source/domain/events.js";

export const T0 = Date.parse("2026-11-23T12:00:00Z");

export const tickedState = (ticked: string[] = []): SessionState =>
  ({
    t0: T0,
    items: Object.fromEntries(
      ticked.map((i) => [i, { checked: true, by: "ann", at: "2026-11-23T11:00:00Z" }]),
    ),
    fields: {},
  }) as unknown as SessionState;
