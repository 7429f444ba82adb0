/**
 * The cockpit's model while its engine loads (commands/cockpit-pending.ts): the first frame is drawn
 * before the engine exists, so a key pressed then must wait for it and act exactly once, or be
 * refused on screen — never lost, never run against something half-built.
 */
import { describe, expect, it } from "vitest";
import { LOADING_NOTE, pendingModel } from "../../source/commands/cockpit-pending.js";
import type { CockpitView } from "../../source/commands/cockpit-view.js";
import type { CockpitModel } from "../../source/ui/app/model.js";
import { nextAction } from "../../source/ui/app/next.js";
import { bindingsFor, KEYMAP, type KeyContext } from "../../source/ui/keys/keymap.js";

const view = { readOnly: false, user: "lead" } as unknown as CockpitView;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

/** Settles what is pending (promises only, no timers). */
const flush = () => new Promise((r) => setImmediate(r));

function wholeModel(calls: string[], rollback = deferred<{ ok: boolean; text: string }>()) {
  return {
    rollback,
    model: {
      rollbackInFlight: () => undefined,
      clipboardRoute: async () => ({ passes: true, why: "tmux passes it" }),
      actions: {
        setItem: async (id: string, done: boolean) => {
          calls.push(`setItem ${id} ${done}`);
        },
        planPromote: async () => {
          calls.push("planPromote");
          return { plan: "the plan" };
        },
        rollback: (reason: string) => {
          calls.push(`rollback ${reason}`);
          return rollback.promise;
        },
        previewCheck: (ref: string) => ({ label: ref, shows: `echo ${ref}`, dangerous: false }),
      },
    } as unknown as CockpitModel,
  };
}

describe("the cockpit before its engine has loaded", () => {
  it("runs a key's action once the engine is there, exactly once, with what was asked", async () => {
    const calls: string[] = [];
    const full = deferred<CockpitModel>();
    const m = pendingModel(view, full.promise);
    const ticked = m.actions.setItem("i3", true);
    const planned = m.actions.planPromote();
    await flush();
    expect(calls).toEqual([]);
    full.resolve(wholeModel(calls).model);
    await ticked;
    expect(await planned).toEqual({ plan: "the plan" });
    expect(calls).toEqual(["setItem i3 true", "planPromote"]);
  });

  it("says on screen that the engine is loading, beside the clock's own note, until it is there", async () => {
    const full = deferred<CockpitModel>();
    const m = pendingModel(view, full.promise, () => "clock STALE 3 s");
    expect(m.clockStatus?.()).toBe(`${LOADING_NOTE} · clock STALE 3 s`);
    expect(pendingModel(view, new Promise(() => {})).clockStatus?.()).toBe(LOADING_NOTE);
    full.resolve(wholeModel([]).model);
    await flush();
    expect(m.clockStatus?.()).toBe("clock STALE 3 s");
  });

  it("takes R and p while the engine loads (their actions wait), refuses r and i with the reason, and says offline only without a config", async () => {
    const full = deferred<CockpitModel>();
    const m = pendingModel(view, full.promise);
    expect(m.engineLoading?.()).toBe(true);
    const keyCtx = (c: Partial<KeyContext>) =>
      ({
        readOnly: false,
        hasEngine: false,
        selection: { kind: "item", runnable: true },
        unacknowledged: 0,
        busy: null,
        missing: [],
        ...c,
      }) as KeyContext;
    const why = (action: string, c: KeyContext) => KEYMAP.find((b) => b.action === action)!.disabledReason(c);
    const loading = keyCtx({ engineLoading: m.engineLoading?.() });
    expect(why("rollback", loading)).toBeUndefined();
    expect(why("promote", loading)).toBeUndefined();
    expect(why("run", loading)).toMatch(/still loading/);
    expect(why("image", loading)).toMatch(/still loading/);
    // The what-next line says it is loading, not that the session is offline.
    const state = { alerts: [], weights: null } as unknown as Parameters<typeof nextAction>[0]["state"];
    const next = (engineLoading?: boolean) =>
      nextAction({ state, gate: undefined, readOnly: false, engineLoading }).text;
    expect(next(m.engineLoading?.())).toMatch(/^loading the engine/);
    expect(next(false)).toMatch(/^no environment config/);
    full.resolve(wholeModel([]).model);
    await flush();
    expect(m.engineLoading?.()).toBe(false);
    // No config: no engine is coming, so nothing says it is loading and the keys say why not.
    const offline = pendingModel(view, new Promise(() => {}), undefined, false);
    expect(offline.engineLoading?.()).toBe(false);
    expect(offline.clockStatus?.()).toBeUndefined();
    expect(why("rollback", keyCtx({ engineLoading: false }))).toMatch(/offline/);
  });

  it("offers v in `watch --approve` while the engine loads: the dialog's request is read once it is there", async () => {
    const full = deferred<CockpitModel>();
    const watcher = { ...view, readOnly: true } as CockpitView;
    const m = pendingModel(watcher, full.promise, undefined, true, true);
    // What shape.ts offers: the approve key exists exactly when the model can read a request.
    const offered = bindingsFor(true, !!m.actions.pendingApproval).find((b) => b.action === "approve");
    expect(offered?.disabledReason({ approver: true } as KeyContext)).toBeUndefined();
    const calls: string[] = [];
    const request = m.actions.pendingApproval!();
    const approved = m.actions.approve!("ref-1");
    await flush();
    expect(calls).toEqual([]);
    const whole = wholeModel(calls).model;
    whole.actions.pendingApproval = async () => {
      calls.push("pendingApproval");
      return { lines: ["blue 90 / green 10"], ref: "ref-1" };
    };
    whole.actions.approve = async (ref) => {
      calls.push(`approve ${String(ref)}`);
      return "approved";
    };
    full.resolve(whole);
    expect(await request).toEqual({ lines: ["blue 90 / green 10"], ref: "ref-1" });
    expect(await approved).toBe("approved");
    expect(calls).toEqual(["pendingApproval", "approve ref-1"]);
    // Not a watcher with --approve: no approve key at all, as with the whole model.
    expect(pendingModel(watcher, full.promise).actions.pendingApproval).toBeUndefined();
  });

  it("refuses a check's preview visibly until the engine can plan it, then previews it", async () => {
    const full = deferred<CockpitModel>();
    const m = pendingModel(view, full.promise);
    expect(() => m.actions.previewCheck("i7")).toThrow(/loading the engine/);
    full.resolve(wholeModel([]).model);
    await flush();
    expect(m.actions.previewCheck("i7")).toEqual({ label: "i7", shows: "echo i7", dangerous: false });
  });

  it("holds quitting for a rollback asked for before the engine loaded, until AWS has answered it", async () => {
    const calls: string[] = [];
    const full = deferred<CockpitModel>();
    const m = pendingModel(view, full.promise);
    expect(m.rollbackInFlight()).toBeUndefined();
    const rolled = m.actions.rollback("manual rollback by lead");
    let finished = false;
    void m.rollbackInFlight()!.then(() => {
      finished = true;
    });
    const whole = wholeModel(calls);
    full.resolve(whole.model);
    await flush();
    expect(calls).toEqual(["rollback manual rollback by lead"]);
    expect(finished).toBe(false);
    whole.rollback.resolve({ ok: true, text: "rollback confirmed by AWS: blue 100 / green 0" });
    expect(await rolled).toEqual({ ok: true, text: "rollback confirmed by AWS: blue 100 / green 0" });
    await flush();
    expect(finished).toBe(true);
  });

  it("fails a waiting action with the engine's own error when the engine cannot load", async () => {
    const full = deferred<CockpitModel>();
    const m = pendingModel(view, full.promise);
    const planned = m.actions.planPromote();
    full.reject(new Error("the session's config (env.json) no longer validates: alb: required"));
    await expect(planned).rejects.toThrow("no longer validates");
  });
});
