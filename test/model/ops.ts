/** The steps the traffic model draws: what a lead, AWS and another terminal can do, and when. */
import fc from "fast-check";
import { COCKPIT_KEYS, type CockpitKey, type Signal } from "./cockpit.js";

export type CallOp = "DescribeListeners" | "ModifyListener" | "append";
export type Op =
  | { t: "promote" }
  | { t: "open" }
  | { t: "confirm" }
  | { t: "cancel" }
  /** golive killed between two steps and opened again (reconciling with AWS on open). */
  | { t: "restart" }
  | { t: "rollback" }
  | { t: "outside"; blue: number; green: number }
  | { t: "stale"; count: number }
  | {
      t: "fault";
      op: "DescribeListeners" | "ModifyListener";
      kind: "throttle" | "500" | "503";
      count: number;
    }
  | { t: "poll"; advanceMs: number }
  | { t: "settle" }
  | {
      t: "race";
      first: "promote" | "confirm" | "rollback";
      at: CallOp;
      nth: number;
      phase: "request" | "response";
      next: "rollback" | "otherRollback" | "timeout" | "kill";
    }
  /** The terminal resized below the cockpit's minimum (80×24), or back to a full size. */
  | { t: "resize"; small: boolean }
  /** A key in the cockpit, routed as the cockpit routes it at the size it has now. */
  | { t: "key"; key: CockpitKey }
  /** Ctrl-C, SIGHUP (dropped SSH) or SIGTERM while a rollback is held at a call. */
  | {
      t: "signal";
      sig: Signal;
      at: "DescribeListeners" | "ModifyListener";
      nth: number;
      phase: "request" | "response";
      outcome: "release" | "timeout";
      second: boolean;
    };

const W = fc.integer({ min: 0, max: 999 });
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ t: "promote" } as Op) },
  { weight: 2, arbitrary: fc.constant({ t: "open" } as Op) },
  { weight: 2, arbitrary: fc.constant({ t: "confirm" } as Op) },
  { weight: 1, arbitrary: fc.constant({ t: "cancel" } as Op) },
  { weight: 1, arbitrary: fc.constant({ t: "restart" } as Op) },
  { weight: 3, arbitrary: fc.constant({ t: "rollback" } as Op) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("outside" as const), blue: W, green: W }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant("stale" as const), count: fc.integer({ min: 1, max: 3 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("fault" as const),
      op: fc.constantFrom("DescribeListeners" as const, "ModifyListener" as const),
      kind: fc.constantFrom("throttle" as const, "500" as const, "503" as const),
      count: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant("poll" as const), advanceMs: fc.integer({ min: 0, max: 30_000 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ t: "settle" } as Op) },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant("race" as const),
      first: fc.constantFrom("promote" as const, "confirm" as const, "rollback" as const),
      at: fc.constantFrom("DescribeListeners" as const, "ModifyListener" as const, "append" as const),
      nth: fc.integer({ min: 1, max: 3 }),
      phase: fc.constantFrom("request" as const, "response" as const),
      next: fc.constantFrom(
        "rollback" as const,
        "otherRollback" as const,
        "timeout" as const,
        "kill" as const,
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("resize" as const), small: fc.boolean() }) },
  {
    weight: 6,
    arbitrary: fc.record({ t: fc.constant("key" as const), key: fc.constantFrom(...COCKPIT_KEYS) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("signal" as const),
      sig: fc.constantFrom("ctrl-c" as const, "SIGHUP" as const, "SIGTERM" as const),
      at: fc.constantFrom("DescribeListeners" as const, "ModifyListener" as const),
      nth: fc.integer({ min: 1, max: 2 }),
      phase: fc.constantFrom("request" as const, "response" as const),
      outcome: fc.constantFrom("release" as const, "timeout" as const),
      second: fc.boolean(),
    }),
  },
);
