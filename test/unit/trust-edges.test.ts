/**
 * The trigger model's edges: which triggers are judged without being named, how a level is
 * labelled, the matrix's "rollback if it persists", and alert keys that are no trigger's.
 */
import { describe, expect, it } from "vitest";
import { triggerOf } from "../../source/domain/triggers.js";
import {
  policyForMatrixAction,
  resolveTrust,
  TRUST_PREFIX,
  triggerJudged,
  trustInForce,
  trustLabel,
} from "../../source/domain/trust.js";

describe("alert keys", () => {
  it.each(["toString", "constructor:x", "__proto__", "hasOwnProperty:green", "valueOf"])(
    "%j names no trigger",
    (key) => {
      expect(triggerOf(key)).toBeUndefined();
    },
  );
});

describe("which triggers are judged", () => {
  it("an opt-in trigger only once the config or the runbook names it; the others always", () => {
    expect(triggerJudged("error-rate-elevated")).toBe(false);
    expect(triggerJudged("error-rate-elevated", { triggers: { "error-rate-elevated": "advisory" } })).toBe(
      true,
    );
    expect(triggerJudged("error-rate-elevated", undefined, { "error-rate-elevated": "pause" })).toBe(true);
    expect(triggerJudged("error-rate")).toBe(true);
  });
});

describe("how a level is shown", () => {
  it("the default says only its level; a level from the config or runbook says where from", () => {
    expect(trustLabel(resolveTrust("error-rate"))).toBe("trust rollback");
    expect(trustLabel(resolveTrust("error-rate", { config: { "error-rate": "pause" } }))).toBe(
      "trust pause (config)",
    );
    expect(TRUST_PREFIX).toEqual({
      rollback: "ROLLBACK TRIGGER",
      pause: "PAUSE TRIGGER",
      advisory: "ADVISORY",
    });
  });

  it("the matrix's rollback if it persists: an advisory that rolls back after 3 periods, or as many as asked", () => {
    expect(policyForMatrixAction("rollback-if-persists")).toEqual({
      level: "advisory",
      persist: { periods: 3, to: "rollback" },
    });
    expect(policyForMatrixAction("rollback-if-persists", 5).persist).toEqual({ periods: 5, to: "rollback" });
  });

  it("no config at all, or one without a canary section, leaves each trigger at its default", () => {
    expect(trustInForce("canary-verdict").level).toBe("pause");
    expect(trustInForce("canary-verdict", { triggers: {} }).level).toBe("pause");
    expect(trustInForce("error-rate").level).toBe("rollback");
  });

  it("a config with no triggers and no verdict trust leaves the verdict at its default", () => {
    expect(trustInForce("canary-verdict", { triggers: {}, canary: {} })).toEqual({
      trigger: "canary-verdict",
      from: "default",
      level: "pause",
    });
  });
});
