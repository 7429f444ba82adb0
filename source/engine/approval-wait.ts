/**
 * The lead's half of two-person approval: a promote to a step the config names waits, after the
 * lead confirmed it and before anything is sent, for another AWS identity's approval of exactly that
 * change. The request is an event in the shared session (other bastions see it within a second);
 * the approval arrives the same way. Nothing here writes the listener: once approved, the promote
 * goes through the traffic actor like any other, which reads the listener again and sends nothing if
 * it is not what was approved. A rollback (here or on any bastion) ends the wait at once.
 */
import { randomBytes } from "node:crypto";
import {
  type ApprovalChange,
  type ApprovalView,
  changeDigest,
  type IdentityPort,
  needsApproval,
  sendProblem,
} from "../domain/approval.js";
import type { SessionState } from "../domain/events.js";
import type { Recorder } from "./traffic-record.js";
import type { Plan } from "./traffic-types.js";

export interface ApprovalDeps {
  steps: readonly number[];
  expireSeconds: number;
  listenerArn: string;
  identity: IdentityPort;
  recorder: Recorder;
  /** The approval clock: the hosts' (injected), not a rehearsal's compressed one — people approve. */
  now: () => number;
  /** Shares the session now (team mode: publishes the request, takes what others recorded). */
  share: () => Promise<void>;
  /** Calls `fn` after every change to the session (an approval taken from S3 among them). */
  subscribe: (fn: () => void) => () => void;
  /** How often the wait looks at the clock besides the session's changes. */
  pollMs?: number;
}

export type Approved = { ok: true; request: string; approver: string } | { ok: false; error: string };

/** The change a plan would send, in the words a request names it. */
export function changeOf(plan: Plan, listenerArn: string): ApprovalChange {
  const { weights, raw, actions } = plan.from;
  return {
    listenerArn,
    step: plan.step,
    listener: { weights, raw, ...(actions ? { actions } : {}) },
    to: plan.to,
  };
}

export class ApprovalWait {
  /** The request this golive is waiting on, for the cockpit's header. */
  waiting?: { request: string; step: number; expiresAt: string };
  /** Told once the request is recorded (`golive promote` says where to approve it). */
  onRequest?: (w: { request: string; step: number; expiresAt: string }) => void;
  private withdrawnBy?: string;
  /** Looks again at once (a withdrawal does not wait for the next poll). */
  private poke?: () => void;

  constructor(readonly d: ApprovalDeps) {}

  needed(step: number): boolean {
    return needsApproval({ steps: this.d.steps }, step);
  }

  /** The one line the cockpit keeps on screen while a promote waits for its approval. */
  status(): string | undefined {
    const w = this.waiting;
    return w
      ? `WAITING for a second person's approval of promote to ${w.step} % (request ${w.request}: golive approve, or watch --approve; expires ${w.expiresAt.slice(11, 19)})`
      : undefined;
  }

  /**
   * The lead takes the waiting promote back (`x` in the cockpit, Ctrl-C in `golive promote`): the
   * request is voided on record and nothing is sent. The request's id, or undefined when none waits.
   */
  withdraw(by: string): string | undefined {
    if (!this.waiting) return undefined;
    this.withdrawnBy = by;
    this.poke?.();
    return this.waiting.request;
  }

  /**
   * Requests approval of `plan` (or takes one already granted for exactly this change) and waits
   * until it is granted by another identity, expires, or `cancelled()` says a rollback came.
   */
  async approve(plan: Plan, o: { by: string; cancelled: () => string | undefined }): Promise<Approved> {
    let me: string;
    try {
      me = (await this.d.identity.whoAmI()).arn;
    } catch (e) {
      return { ok: false, error: `approval needs to know who you are: ${(e as Error).message}` };
    }
    this.withdrawnBy = undefined;
    const change = changeOf(plan, this.d.listenerArn);
    const digest = changeDigest(change);
    const state = () => this.d.recorder.state;
    // A grant already in the session for this very change (the wait was left, and golive run again).
    const ready = Object.values(state().approvals ?? {}).find(
      (r) => r.digest === digest && r.requester === me && !sendProblem(r, me, change, this.d.now()),
    );
    if (ready) return { ok: true, request: ready.request, approver: ready.granted!.approver };
    const request = `r-${randomBytes(4).toString("hex")}`;
    const expiresAt = new Date(this.d.now() + this.d.expireSeconds * 1000).toISOString();
    await this.d.recorder.append(
      "approval.requested",
      { ...change, request, requester: me, expiresAt, digest },
      o.by,
    );
    this.waiting = { request, step: plan.step, expiresAt };
    this.onRequest?.(this.waiting);
    try {
      await this.d.share().catch(() => {});
      const end = await this.until(request, o.cancelled);
      if ("void" in end) {
        await this.d.recorder.append("approval.voided", { request, why: end.void }, o.by).catch(() => {});
        return { ok: false, error: `${end.void}: nothing was sent` };
      }
      if ("gone" in end) return { ok: false, error: `${end.gone}: nothing was sent` };
      const problem = sendProblem(end.r, me, change, this.d.now());
      if (problem) {
        await this.d.recorder.append("approval.voided", { request, why: problem }, o.by).catch(() => {});
        return { ok: false, error: `${problem}: nothing was sent` };
      }
      return { ok: true, request, approver: end.r.granted!.approver };
    } finally {
      this.waiting = undefined;
      this.poke = undefined;
    }
  }

  /** Resolves at the first of: granted, voided (recorded), expired, cancelled. */
  private until(
    request: string,
    cancelled: () => string | undefined,
  ): Promise<{ r: ApprovalView } | { void: string } | { gone: string }> {
    return new Promise((resolve) => {
      let off = () => {};
      let timer: NodeJS.Timeout | undefined;
      const look = () => {
        const r = (this.d.recorder.state as SessionState).approvals?.[request];
        const why = cancelled();
        let end: { r: ApprovalView } | { void: string } | { gone: string } | undefined;
        if (r?.voided) end = { gone: `the approval request is void: ${r.voided.why}` };
        else if (why) end = { void: why };
        else if (this.withdrawnBy) end = { void: `withdrawn by ${this.withdrawnBy}` };
        else if (r?.granted) end = { r };
        else if (r && this.d.now() > Date.parse(r.expiresAt))
          end = { void: `no approval came before the request expired at ${r.expiresAt}` };
        if (!end) return;
        clearInterval(timer);
        off();
        resolve(end);
      };
      this.poke = look;
      // Not unref'd: a `golive promote` waiting for its approval has nothing else keeping it alive.
      // Both before the first look, so a wait that ends at once clears them (looked first, they were
      // made after the end and kept polling and listening, for good if the reason passed).
      timer = setInterval(look, this.d.pollMs ?? 500);
      off = this.d.subscribe(look);
      look();
    });
  }
}

/**
 * The engine's step between the lead's confirmation and the send: nothing to do for a step that
 * needs no approval; else the approved request's id, or why nothing was sent (a refusal to return).
 */
export async function approvalBeforeSend(
  wait: ApprovalWait | undefined,
  plan: Plan,
  o: { by: string; cancelled: () => string | undefined; gateClosed: () => string | undefined },
): Promise<{ request?: string; refused?: string }> {
  if (!wait?.needed(plan.step)) return {};
  const r = await wait.approve(plan, { by: o.by, cancelled: o.cancelled });
  if (!r.ok) return { refused: r.error };
  // Approvals take minutes: a gate that was open when the lead confirmed and closed since holds it.
  const closed = o.gateClosed();
  if (closed)
    return { refused: `the gate closed while waiting for the approval (${closed}): nothing was sent` };
  return { request: r.request };
}

/** The listener was not what was approved when the promote read it again: the approval is spent. */
export async function voidApproval(recorder: Recorder, request: string, by: string): Promise<void> {
  await recorder
    .append("approval.voided", { request, why: "the listener changed between the request and the send" }, by)
    .catch(() => {});
}
