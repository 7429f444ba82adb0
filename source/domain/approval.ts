/**
 * Two-person approval (issue 17): a canary step the config names (the step to 100 % green, say) is
 * sent only once a second person approved exactly that change. Identities are AWS's (STS
 * GetCallerIdentity ARNs), never typed names: the requester's ARN and the approver's must differ.
 * A request names the listener, the listener as AWS showed it, and the target weights; an approval
 * names the same change (its digest), so what the lead confirmed is what the approver approved and
 * what is sent — or nothing is. Requests expire; a rollback voids every open one.
 */
import { hash } from "node:crypto";
import { sameWeights } from "./canary.js";
import { canonicalJson } from "./chain.js";
import type { EventOf, SessionState, Weights } from "./events.js";

export interface CallerIdentity {
  /** arn:aws:iam::123456789012:user/ann, arn:aws:sts::…:assumed-role/ROLE/SESSION */
  arn: string;
  account: string;
  userId: string;
}

/** Who the credentials behind this golive are, as AWS says. */
export interface IdentityPort {
  whoAmI(): Promise<CallerIdentity>;
}

/** The listener as AWS showed it when the lead's plan was made (action list included). */
export interface ApprovedListener {
  weights: Weights;
  raw: { blue: number; green: number };
  actions?: readonly unknown[];
}

/** One exact change: this listener, as it was, to these weights. */
export interface ApprovalChange {
  listenerArn: string;
  step: number;
  listener: ApprovedListener;
  to: Weights;
}

export interface ApprovalRequested extends ApprovalChange {
  /** Stable across bastions (a sequence number may move when an offline event is re-chained). */
  request: string;
  /** The requester's STS ARN. */
  requester: string;
  /** Requests and their approvals are void after this (the requester's clock). */
  expiresAt: string;
  /** changeDigest(the change): the approval must name the same one. */
  digest: string;
}

export interface ApprovalGranted {
  request: string;
  /** The approver's STS ARN (never the requester's). */
  approver: string;
  /** The digest of the change the approver was shown. */
  digest: string;
  step: number;
  to: Weights;
  /** What the approver's own read of the listener showed, when it could read it. */
  seen?: Weights;
}

export interface ApprovalVoided {
  request: string;
  why: string;
}

/** A request as the session knows it. */
export interface ApprovalView extends ApprovalRequested {
  by: string;
  at: string;
  seq: number;
  granted?: { approver: string; digest: string; by: string; at: string; seq: number };
  voided?: { why: string; at: string };
  /** The promote that sent it (its traffic.shift.requested): an approval is used once. */
  usedBy?: number;
}

/** SHA-256 of the change in canonical JSON: what a request and its approval both name. */
export function changeDigest(c: ApprovalChange): string {
  const { listenerArn, step, to } = c;
  const listener = { weights: c.listener.weights, raw: c.listener.raw, actions: c.listener.actions ?? null };
  return hash("sha256", canonicalJson({ listenerArn, step, listener, to }));
}

/** Does this config ask for a second person before `step` (green %)? */
export function needsApproval(cfg: { steps: readonly number[] } | undefined, step: number): boolean {
  return !!cfg?.steps.includes(step);
}

/** Still waiting for an approval: not granted, voided, used or expired. */
export function isOpen(r: ApprovalView, now: number): boolean {
  return !r.granted && !r.voided && r.usedBy === undefined && now <= Date.parse(r.expiresAt);
}

export function openRequests(s: SessionState, now: number): ApprovalView[] {
  return Object.values(s.approvals ?? {}).filter((r) => isOpen(r, now));
}

/**
 * Why `approver` may not approve `r` now (one line), or undefined when it may. `seen` is the
 * approver's own read of the listener, when it could read it.
 */
export function approveProblem(
  r: ApprovalView | undefined,
  approver: string,
  now: number,
  seen?: ApprovedListener,
): string | undefined {
  if (!r) return "no such approval request in this session";
  if (r.voided) return `request ${r.request} is void: ${r.voided.why}`;
  if (r.usedBy !== undefined) return `request ${r.request} was already sent (event #${r.usedBy})`;
  if (r.granted) return `request ${r.request} was already approved by ${r.granted.approver}`;
  if (now > Date.parse(r.expiresAt))
    return `request ${r.request} expired at ${r.expiresAt}: the lead must promote again for a new request`;
  if (sameIdentity(approver, r.requester))
    return `you (${approver}) made this request: the requester cannot approve their own change — two-person approval needs a second person's own AWS identity (golive doctor)`;
  if (seen && !sameListenerAs(seen, r.listener))
    return `the listener changed since the request (it showed blue ${r.listener.weights.blue} / green ${r.listener.weights.green}, AWS now shows blue ${seen.weights.blue} / green ${seen.weights.green}${sameWeights(seen.weights, r.listener.weights) ? ", its actions differ" : ""}): the request is void; the lead must promote again`;
  return undefined;
}

/**
 * Why the lead's golive may not send `change` on the strength of `r`'s approval (one line), or
 * undefined when it may: granted to another identity, for this very change, not expired.
 */
export function sendProblem(
  r: ApprovalView | undefined,
  requester: string,
  change: ApprovalChange,
  now: number,
): string | undefined {
  if (!r?.granted) return "not approved";
  if (r.voided) return `the approval is void: ${r.voided.why}`;
  if (r.usedBy !== undefined) return `the approval was already used (event #${r.usedBy})`;
  if (sameIdentity(r.granted.approver, requester) || sameIdentity(r.granted.approver, r.requester))
    return `the approval came from the requester's own identity (${r.granted.approver}): refused`;
  const digest = changeDigest(change);
  if (r.digest !== digest || r.granted.digest !== digest)
    return "the approval names another change than this promote: refused";
  if (now > Date.parse(r.expiresAt)) return `the approval expired at ${r.expiresAt}`;
  return undefined;
}

/** The same listener as a request saw it: raw weights and the whole action list. */
export function sameListenerAs(a: ApprovedListener, b: ApprovedListener): boolean {
  return (
    a.raw.blue === b.raw.blue &&
    a.raw.green === b.raw.green &&
    canonicalJson(a.actions ?? null) === canonicalJson(b.actions ?? null)
  );
}

/**
 * One identity: the same ARN. An assumed role's ARN ends in its session name, which SSO sets to the
 * person (per-person identities); an instance role's names the instance, shared by everyone on the
 * bastion (doctor says so: instanceRoleNote).
 */
export function sameIdentity(a: string, b: string): boolean {
  return a === b;
}

/** When `arn` is an EC2 instance's role (session name i-…): everyone on that host is this one identity. */
export function instanceRoleNote(arn: string): string | undefined {
  const m = /^arn:[^:]+:sts::\d*:assumed-role\/([^/]+)\/(i-[0-9a-f]{8,17})$/.exec(arn);
  return m
    ? `${arn} is the instance role ${m[1]} of ${m[2]}: everyone on this bastion acts as that one identity, so golive refuses an approval between two people here — two-person approval needs per-person identities (SSO or your own IAM user/role: AWS_PROFILE)`
    : undefined;
}

type ApprovalEvent =
  | EventOf<"approval.requested">
  | EventOf<"approval.granted">
  | EventOf<"approval.voided">
  | EventOf<"traffic.shift.requested">;

/** The approvals part of the reducer (reduce.ts): requests, grants, voids, use, and rollbacks. */
export function foldApproval(s: SessionState, e: ApprovalEvent): SessionState["approvals"] {
  const all = s.approvals;
  const put = (r: ApprovalView) => ({ ...all, [r.request]: r });
  switch (e.type) {
    case "approval.requested":
      return put({ ...e.data, by: e.by, at: e.at, seq: e.seq });
    case "approval.granted": {
      const r = all?.[e.data.request];
      if (!r || r.granted) return all;
      return put({
        ...r,
        granted: { approver: e.data.approver, digest: e.data.digest, by: e.by, at: e.at, seq: e.seq },
      });
    }
    case "approval.voided": {
      const r = all?.[e.data.request];
      return r && !r.voided ? put({ ...r, voided: { why: e.data.why, at: e.at } }) : all;
    }
    case "traffic.shift.requested": {
      if (!all) return all;
      if (e.data.kind === "promote") {
        const r = e.data.approval ? all[e.data.approval] : undefined;
        return r ? put({ ...r, usedBy: e.seq }) : all;
      }
      // A rollback voids every request still in the air: what was approved is no longer the situation.
      const next = { ...all };
      for (const r of Object.values(all))
        if (!r.voided && r.usedBy === undefined)
          next[r.request] = { ...r, voided: { why: "a rollback was requested", at: e.at } };
      return next;
    }
  }
}
