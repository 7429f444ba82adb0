/**
 * The cockpit's whole model: what cockpit-view.ts draws plus the engine and every action the keys
 * take. Loaded after the first frame (commands/cockpit.ts), with the engine.
 */
import { dirname, join } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { sessionManualChecks } from "../domain/manual-checks.js";
import { renderSignoffMarkdown } from "../domain/signoff.js";
import { planSignoff, recordSignoff } from "../domain/signoff-plan.js";
import { planFor, runAndRecord } from "../engine/check-record.js";
import { rollbackToFinish } from "../engine/finish-rollback.js";
import type { SessionStore } from "../session/store.js";
import type { CockpitModel, ShiftOutcome } from "../ui/app/model.js";
import { cockpitView } from "./cockpit-view.js";
import type { Ctx } from "./context.js";
import { checkDeps, type EngineHandle } from "./engine-context.js";
import { writePrivate, writeRecord } from "./export.js";
import { clipboardRoute, writeMessageFile } from "./message-file.js";

/** The cockpit's view of a session and (when it has a config) its engine. */
export function buildModel(
  ctx: Ctx,
  store: SessionStore,
  runbook: CockpitModel["runbook"],
  h: EngineHandle | undefined,
  user: string,
  now: () => number,
): CockpitModel {
  const engine = h?.engine;
  const preview = (ref: string) => {
    const plan = planFor(runbook, ref, store.state, h?.config);
    return {
      plan,
      preview: { label: `${plan.item.id} ${plan.item.text}`, shows: plan.shows, dangerous: plan.dangerous },
    };
  };
  const outcome = (r: {
    ok: boolean;
    kind: string;
    weights?: { blue: number; green: number };
    error?: string;
    manualCommand?: string;
    fallbackFile?: string;
    kube?: { ok: boolean; text: string; kubectl?: string };
  }): ShiftOutcome => {
    const alb = r.ok
      ? `${r.kind} confirmed by AWS: blue ${r.weights!.blue} / green ${r.weights!.green}${r.fallbackFile ? ` (recorded in ${r.fallbackFile})` : ""}`
      : `${r.kind} NOT confirmed: ${r.error}`;
    // An EKS session: the Kubernetes half is said beside the listener's, each for what it read back.
    return {
      ok: r.ok && (r.kube?.ok ?? true),
      text: r.kube ? `${alb}; ${r.kube.text}` : alb,
      manualCommand: r.ok ? (r.kube?.ok === false ? r.kube.kubectl : undefined) : r.manualCommand,
    };
  };
  // Rollbacks this process has on the wire (R in this cockpit; the monitor's auto-rollback shows as
  // a rollback shift begun since the cockpit opened). Quitting waits for them (issue 12, I3).
  const rollbacks = new Set<Promise<unknown>>();
  const openedSeq = store.state.lastSeq;
  const rollbackInFlight = (): Promise<void> | undefined =>
    rollbackToFinish({
      tracked: rollbacks,
      // Without an engine nothing of this process can be rolling back.
      state: () => (engine ? store.state : { ...store.state, shift: undefined }),
      onChange: (fn) => store.onChange(fn),
      sinceSeq: openedSeq,
      // Bounded: the controller records a timeout after verifyTimeoutSeconds; never wait forever.
      capMs: h ? (h.config.canary.verifyTimeoutSeconds + 3 * (h.config.aws.timeoutMs / 1000) + 10) * 1000 : 0,
    });
  const byHand = sessionManualChecks(runbook, h?.config ?? store.state.config?.value);
  const need = () => {
    if (!h || !engine) throw new UserError("this session has no environment config", ExitCode.usage);
    return { h, engine };
  };
  return {
    ...cockpitView(store, runbook, h, user, now),
    clipboardRoute: () => clipboardRoute(ctx.env),
    rollbackInFlight,
    actions: {
      setItem: async (id, done) => {
        await store.append(done ? "item.checked" : "item.unchecked", { item: id }, user);
      },
      record: async (field, value) => {
        await store.append("field.recorded", { field, value, source: "manual" }, user);
      },
      planPromote: async () => {
        // The plan reads the listener itself; the gate beside it is the monitor's, live while shown.
        return need().engine.planPromote();
      },
      confirmPromote: async (plan, override) => {
        try {
          const r = await need().engine.executePlan(plan, { by: user, override });
          return { ...outcome(r), changed: r.changed?.weights, replan: r.replan };
        } catch (e) {
          return { ok: false, text: (e as Error).message };
        }
      },
      rollback: async (reason) => {
        const p = need().engine.rollback({ by: user, reason });
        rollbacks.add(p);
        try {
          return outcome(await p);
        } finally {
          rollbacks.delete(p);
        }
      },
      // Exactly the alert the cockpit drew (keys pressed in a burst each name the next one drawn),
      // never one recorded since and not yet on screen.
      acknowledge: async (alert) => {
        if (engine) await engine.acknowledge(user, alert);
        else if (store.state.alerts.some((a) => a.id === alert && !a.acknowledged))
          await store.append("alert.acknowledged", { alert }, user);
      },
      acknowledgeAll: async (shown) => {
        if (engine) return (await engine.acknowledgeAll(user, shown)).length;
        const alerts = store.state.alerts
          .filter((a) => !a.acknowledged && shown.includes(a.id))
          .map((a) => a.id);
        if (alerts.length) await store.append("alert.acknowledged", { alerts }, user);
        return alerts.length;
      },
      previewCheck: (ref) => preview(ref).preview,
      runCheck: async (ref) => {
        const { h: handle } = need();
        return runAndRecord(preview(ref).plan, checkDeps(handle, ctx.cwd), store, user);
      },
      confirmCheck: async (id) => {
        const c = byHand.find((x) => x.id === id);
        if (!c) throw new UserError(`no manual check "${id}"`, ExitCode.usage);
        await store.append("check.confirmed", { check: c.id, text: c.text, line: c.line }, user);
      },
      sign: async (input) => {
        const plan = planSignoff(runbook, store.state, store.events, now(), input);
        if (plan.kind === "refused")
          throw new UserError(`not signed: ${plan.blockers.length} open point(s)`, ExitCode.refused);
        await recordSignoff(plan, input.signer, (type, data) => store.append(type, data, user));
        return plan.kind === "role"
          ? `role ${plan.role.role} signed by ${input.signer} (recorded)`
          : `signed ${plan.status} by ${input.signer}${plan.accepted ? ` — ACCEPTED ${plan.accepted.open.length} open point(s)` : ""} (recorded)`;
      },
      writeMessage: (m, clip) =>
        writeMessageFile(store, m, { clipboard: clip.copied ? "osc52" : "blocked", why: clip.why }, user),
      ...kubeActionsFor(h, user),
      exportRecord: async () => {
        const text = renderSignoffMarkdown(runbook, store.state, store.events);
        if (store.readOnly) return writeViewerCopy(store, user, now(), text);
        const file = join(dirname(store.file), `${store.id}.signoff.md`);
        await writePrivate(file, text);
        return file;
      },
    },
  };
}

/** An EKS session's `i` / `P` (engine/k8s-actions.ts); absent without a released Deployment. */
function kubeActionsFor(h: EngineHandle | undefined, user: string): Partial<CockpitModel["actions"]> {
  const acts = h?.engine.controller.kubeActions;
  const k = h?.engine.d.kube;
  if (!acts || !k || h.store.readOnly) return {};
  return {
    planKube: async (verb, image) => {
      try {
        return { plan: await acts.plan(verb, image) };
      } catch (e) {
        return {
          error: String((e as Error)?.message ?? e).split("\n")[0]!,
          kubectl: acts.kubectlFor(verb, image),
        };
      }
    },
    // A rollout is followed at least as long as Kubernetes' default progress deadline (600 s).
    executeKube: (plan, sent) =>
      acts.execute(plan, { by: user, timeoutMs: Math.max(600_000, k.timeoutMs), progress: () => sent() }),
  };
}

/**
 * A viewer's `e`: a new file of its own beside the session, named for the viewer and the time,
 * created exclusively — never the lead's export, never over anything already there.
 */
async function writeViewerCopy(store: SessionStore, user: string, at: number, text: string) {
  const who = user.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 32) || "viewer";
  const stamp = new Date(at).toISOString().slice(0, 19).replace(/[-:]/g, "");
  const base = join(dirname(store.file), `${store.id}.signoff.viewer-${who}-${stamp}`);
  for (let n = 1; ; n++) {
    const file = `${base}${n > 1 ? `-${n}` : ""}.md`;
    try {
      await writeRecord(file, text, { force: false, store });
      return file;
    } catch (e) {
      if (!(e instanceof UserError && e.exitCode === ExitCode.refused && n < 100)) throw e;
    }
  }
}
