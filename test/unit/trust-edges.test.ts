/**
 * The trigger model's edges: which triggers are judged without being named, how a level is
 * labelled, the matrix's "rollback if it persists", and alert keys that are no trigger's.
 */
import { describe, expect, it } from "vitest";
import { triggerOf } from "../../source/domain/triggers.js";

describe("alert keys", () => {
  it.each(["toString", "constructor:x", "__proto__", "hasOwnProperty:green", "valueOf"])(
    "%j names no trigger",
    (key) => {
      expect(triggerOf(key)).toBeUndefined();
    },
  );
});
