import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import type { Gate } from "../../source/domain/gate.js";
import { initialUi, isTyping, uiReducer } from "../../source/ui/app/reducer.js";
import { bindingsFor, KEYMAP, type KeyContext, resolveKey } from "../../source/ui/keys/keymap.js";

const ctx = (over: Partial<KeyContext> = {}): KeyContext => ({
  readOnly: false,
  state: { weights: { blue: 100, green: 0 } } as SessionState,
  hasEngine: true,
  selection: { kind: "item", runnable: false },
  unacknowledged: 0,
  busy: null,
  ...over,
});

describe("the keymap", () => {
  it("gives every binding keys, a description, a dangerous flag and a disabled reason", () => {
    const keys = KEYMAP.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const b of KEYMAP) expect(b.description.length).toBeGreaterThan(5);
    const reasons = (c: KeyContext) => Object.fromEntries(KEYMAP.map((b) => [b.action, b.disabledReason(c)]));
    // Everything possible: an engine, a runnable item selected, an alert waiting, nothing in flight.
    const open = ctx({ selection: { kind: "item", runnable: true }, unacknowledged: 1 });
    expect(reasons(open)).toMatchObject({
      tick: undefined,
      run: undefined,
      promote: undefined,
      rollback: undefined,
      ack: undefined,
    });
    // Nothing possible: each key says why, in words; rollback only lacks an environment.
    const shut = ctx({
      hasEngine: false,
      selection: { kind: "none", runnable: false },
      unacknowledged: 0,
      busy: "promote",
      gate: { nextIndex: -1 } as Gate,
    });
    expect(reasons(shut)).toMatchObject({
      up: undefined,
      down: undefined,
      tick: "select a checklist item",
      fill: "select a blank (____)",
      run: "this session is offline (no environment config): golive attach --config FILE gives it one",
      promote: "this session is offline (no environment config): golive attach --config FILE gives it one",
      rollback: "this session is offline (no environment config): golive attach --config FILE gives it one",
      ack: "no alert to acknowledge",
      help: undefined,
      quit: undefined,
    });
    expect(reasons(ctx({ gate: { nextIndex: -1 } as Gate })).promote).toBe("green already takes 100 %");
    expect(reasons(ctx({ selection: { kind: "item", runnable: false } })).run).toBe(
      "the selected item has no check or command",
    );
    // Signing closes the session, and an approval lets the lead's promote go out: both confirm like
    // the traffic keys.
    expect(KEYMAP.filter((b) => b.dangerous).map((b) => b.action)).toEqual([
      "run",
      "promote",
      "rollback",
      "image",
      "pause",
      "sign",
      "approve",
    ]);
    // v is for a viewer started with --approve only: never the lead's own cockpit, never a plain watch.
    expect(bindingsFor(false).some((b) => b.action === "approve")).toBe(false);
    expect(bindingsFor(true).some((b) => b.action === "approve")).toBe(false);
    expect(
      bindingsFor(true, true)
        .filter((b) => b.writes)
        .map((b) => b.action),
    ).toEqual(["approve"]);
    // i / P drive the released Deployment: only in an EKS session, and not while something is in flight.
    expect(reasons(ctx()).image).toBe("this session releases no Kubernetes Deployment (kubernetes.release)");
    expect(reasons(ctx({ kube: true })).pause).toBeUndefined();
    expect(reasons(ctx({ kube: true, busy: "set-image" })).image).toBe("set-image in flight");
  });

  it("has the keys the issue names", () => {
    const byKey = (k: string) => KEYMAP.find((b) => b.keys.includes(k))?.action;
    expect([
      byKey("j"),
      byKey("k"),
      byKey("tab"),
      byKey("space"),
      byKey("return"),
      byKey("r"),
      byKey("p"),
      byKey("R"),
      byKey("a"),
      byKey("m"),
      byKey("e"),
      byKey("?"),
      byKey("q"),
    ]).toEqual([
      "down",
      "up",
      "focus",
      "tick",
      "fill",
      "run",
      "promote",
      "rollback",
      "ack",
      "message",
      "export",
      "help",
      "quit",
    ]);
    expect(resolveKey("", { upArrow: true }, KEYMAP)?.action).toBe("up");
    expect(resolveKey(" ", {}, KEYMAP)?.action).toBe("tick");
  });

  it("removes every key that writes from read-only viewers", () => {
    const ro = bindingsFor(true).map((b) => b.action);
    expect(ro).not.toContain("promote");
    expect(ro).not.toContain("rollback");
    expect(ro).not.toContain("tick");
    expect(ro).toContain("help");
    expect(resolveKey("R", {}, bindingsFor(true))).toBeUndefined();
  });

  it("says why a key is disabled", () => {
    const promote = KEYMAP.find((b) => b.action === "promote")!;
    expect(promote.disabledReason(ctx({ hasEngine: false }))).toBe(
      "this session is offline (no environment config): golive attach --config FILE gives it one",
    );
    expect(promote.disabledReason(ctx({ busy: "rollback" }))).toBe("rollback in flight");
    const rollback = KEYMAP.find((b) => b.action === "rollback")!;
    // Rollback is never disabled by something else being in flight.
    expect(rollback.disabledReason(ctx({ busy: "promote" }))).toBeUndefined();
    // A config without an ALB: no traffic golive could move, or move back; r still runs checks.
    const noAlb = ctx({ missing: ["alb"], selection: { kind: "item", runnable: true } });
    for (const k of [promote, rollback])
      expect(k.disabledReason(noAlb)).toBe(
        "the config has no alb section, so golive cannot move traffic: add it, then golive attach --config FILE",
      );
    expect(KEYMAP.find((b) => b.action === "run")!.disabledReason(noAlb)).toBeUndefined();
    expect(promote.disabledReason(ctx({ missing: ["ecs", "kubernetes"] }))).toBeUndefined();
    expect(KEYMAP.find((b) => b.action === "fill")!.disabledReason(ctx())).toBe("select a blank (____)");
  });
});

describe("the cockpit reducer", () => {
  it("moves within bounds, switches focus, follows the current phase until one is picked", () => {
    let s = uiReducer(initialUi, { type: "move", delta: 1, phases: 8, rows: 3, currentPhase: 2 });
    expect(s.row).toBe(1);
    s = uiReducer(s, { type: "move", delta: 5, phases: 8, rows: 3, currentPhase: 2 });
    expect(s.row).toBe(2);
    s = uiReducer(s, { type: "focus" });
    expect(s.phase).toBeNull();
    s = uiReducer(s, { type: "move", delta: -1, phases: 8, rows: 3, currentPhase: 2 });
    expect([s.phase, s.row]).toEqual([1, 0]);
  });

  it("edits only the dialogs that take text", () => {
    let s = uiReducer(initialUi, { type: "open", dialog: { kind: "fill", fieldId: "f3", value: "4" } });
    expect(isTyping(s.dialog)).toBe(true);
    s = uiReducer(s, { type: "edit", key: "char", char: "2" });
    s = uiReducer(s, { type: "edit", key: "char", char: "x" });
    s = uiReducer(s, { type: "edit", key: "backspace" });
    expect(s.dialog).toEqual({ kind: "fill", fieldId: "f3", value: "42", error: undefined });
    s = uiReducer(s, { type: "open", dialog: { kind: "rollback", reason: "r", editing: false } });
    expect(isTyping(s.dialog)).toBe(false);
    expect(uiReducer(s, { type: "edit", key: "char", char: "y" })).toBe(s);
  });
});
