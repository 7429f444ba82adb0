/**
 * Two-person approval's refusals one by one, by their words, and the fold's edges: a grant of an
 * unknown or already granted request, a second void, a rollback voiding only what is still in the
 * air. v8 coverage of the unit tests left these branches unrun (approveProblem's void/used/granted,
 * sendProblem's void/used, needsApproval, foldApproval's ignored events).
 */
import { describe, expect, it } from "vitest";
import {
  type ApprovalView,
  approveProblem,
  changeDigest,
  foldApproval,
  instanceRoleNote,
  isOpen,
  needsApproval,
  sendProblem,
} from "../../source/domain/approval.js";
import type { SessionEvent, SessionState } from "../../source/domain/events.js";

const ACCOUNT = "arn:aws:iam::210987654321";
const ANN = `${ACCOUNT}:user/ann`;
const BOB = `${ACCOUNT}:user/bob`;
/** The listener at a blue share (green the rest), forwarding as the request saw it. */
const seenAt = (blue: number) => {
  const weights = { blue, green: 100 - blue };
  return { weights, raw: { ...weights }, actions: [{ Type: "forward" }] };
};
const change = {
  listenerArn: "arn:listener/app/orders/1/2",
  step: 100,
  listener: seenAt(50),
  to: seenAt(0).weights,
};
const T = Date.parse("2026-12-01T18:00:00Z");
const EXPIRES = new Date(T + 600_000).toISOString();
const digest = changeDigest(change);

function request(over: Partial<ApprovalView> = {}): ApprovalView {
  const at = new Date(T).toISOString();
  return {
    ...change,
    request: "r-1",
    requester: ANN,
    expiresAt: EXPIRES,
    digest,
    by: "ann",
    at,
    seq: 5,
    ...over,
  };
}
const granted = (approver = BOB, d = digest) => ({ approver, digest: d, by: "bob", at: EXPIRES, seq: 6 });

describe("approveProblem and sendProblem, each refusal", () => {
  it("approve: void, already sent, already approved, expired only after its instant", () => {
    expect(
      approveProblem(request({ voided: { why: "a rollback was requested", at: EXPIRES } }), BOB, T),
    ).toBe("request r-1 is void: a rollback was requested");
    expect(approveProblem(request({ usedBy: 9 }), BOB, T)).toBe("request r-1 was already sent (event #9)");
    expect(approveProblem(request({ usedBy: 0 }), BOB, T)).toBe("request r-1 was already sent (event #0)");
    expect(approveProblem(request({ granted: granted() }), BOB, T)).toBe(
      `request r-1 was already approved by ${BOB}`,
    );
    expect(approveProblem(request(), BOB, T + 600_000)).toBeUndefined();
    expect(approveProblem(request(), BOB, T + 600_001)).toBe(
      `request r-1 expired at ${EXPIRES}: the lead must promote again for a new request`,
    );
    expect(approveProblem(undefined, BOB, T)).toBe("no such approval request in this session");
    expect(
      approveProblem(request(), BOB, T, {
        ...change.listener,
        raw: { blue: 60, green: 40 },
        weights: { blue: 60, green: 40 },
      }),
    ).toBe(
      "the listener changed since the request (it showed blue 50 / green 50, AWS now shows blue 60 / green 40): the request is void; the lead must promote again",
    );
  });

  it("send: not approved, void, used, the requester's identity either way, another change, expiry", () => {
    expect(sendProblem(request(), ANN, change, T)).toBe("not approved");
    expect(sendProblem(undefined, ANN, change, T)).toBe("not approved");
    const ok = request({ granted: granted() });
    expect(sendProblem(ok, ANN, change, T)).toBeUndefined();
    expect(sendProblem(ok, ANN, change, T + 600_000)).toBeUndefined();
    expect(sendProblem(ok, ANN, change, T + 600_001)).toBe(`the approval expired at ${EXPIRES}`);
    expect(sendProblem({ ...ok, voided: { why: "w", at: EXPIRES } }, ANN, change, T)).toBe(
      "the approval is void: w",
    );
    expect(sendProblem({ ...ok, usedBy: 0 }, ANN, change, T)).toBe(
      "the approval was already used (event #0)",
    );
    // The lead's identity now, or the requester's recorded one.
    expect(sendProblem(ok, BOB, change, T)).toBe(
      `the approval came from the requester's own identity (${BOB}): refused`,
    );
    expect(sendProblem(request({ granted: granted(ANN) }), "arn:other", change, T)).toMatch(
      /requester's own identity/,
    );
    const other = { ...change, to: { blue: 10, green: 90 } };
    expect(sendProblem(ok, ANN, other, T)).toBe(
      "the approval names another change than this promote: refused",
    );
    // The request and the grant must both name this change.
    expect(sendProblem(request({ granted: granted(BOB, "x") }), ANN, change, T)).toMatch(/another change/);
    expect(sendProblem(request({ digest: "x", granted: granted() }), ANN, change, T)).toMatch(
      /another change/,
    );
  });

  it("isOpen: waiting until its expiry instant, not after; never once granted, void or used", () => {
    expect(isOpen(request(), T + 600_000)).toBe(true);
    expect(isOpen(request(), T + 600_001)).toBe(false);
    expect(isOpen(request({ granted: granted() }), T)).toBe(false);
    expect(isOpen(request({ voided: { why: "w", at: EXPIRES } }), T)).toBe(false);
    expect(isOpen(request({ usedBy: 0 }), T)).toBe(false);
    expect(isOpen(request({ usedBy: 9 }), T)).toBe(false);
  });

  it("a listener is the request's only with both raw weights the same (ALB weights need not sum to 100)", () => {
    const raw = (blue: number, green: number) => ({ ...change.listener, raw: { blue, green } });
    expect(approveProblem(request(), BOB, T, raw(50, 50))).toBeUndefined();
    expect(approveProblem(request(), BOB, T, raw(50, 60))).toMatch(/the listener changed since the request/);
    expect(approveProblem(request(), BOB, T, raw(40, 50))).toMatch(/the listener changed since the request/);
  });

  it("an instance role is a whole ARN ending in an instance id, nothing before or after it", () => {
    const arn = "arn:aws:sts::210987654321:assumed-role/bastion/i-0123456789abcdef0";
    expect(instanceRoleNote(arn)).toMatch(/is the instance role bastion of i-0123456789abcdef0/);
    expect(instanceRoleNote(`${arn}-ann`)).toBeUndefined();
    expect(instanceRoleNote(`x${arn}`)).toBeUndefined();
  });

  it("needsApproval: only a step the config names", () => {
    expect(needsApproval({ steps: [50, 100] }, 100)).toBe(true);
    expect(needsApproval({ steps: [50, 100] }, 10)).toBe(false);
    expect(needsApproval(undefined, 100)).toBe(false);
  });
});

describe("foldApproval's edges", () => {
  const at = new Date(T).toISOString();
  const ev = (seq: number, type: string, data: unknown) =>
    ({ seq, at, by: "bob", type, data }) as SessionEvent;
  const state = (approvals?: Record<string, ApprovalView>) => ({ approvals }) as SessionState;
  const fold = (s: SessionState, e: SessionEvent) => foldApproval(s, e as never);

  it("a grant of an unknown or granted request, and a second void, change nothing", () => {
    const r = request();
    const all = { "r-1": r };
    expect(fold(state(all), ev(7, "approval.granted", { request: "r-2", approver: BOB, digest }))).toBe(all);
    expect(
      fold(state(undefined), ev(7, "approval.granted", { request: "r-1", approver: BOB, digest })),
    ).toBeUndefined();
    const g = fold(state(all), ev(7, "approval.granted", { request: "r-1", approver: BOB, digest }))!;
    expect(g["r-1"]!.granted).toEqual({ approver: BOB, digest, by: "bob", at, seq: 7 });
    expect(fold(state(g), ev(8, "approval.granted", { request: "r-1", approver: "arn:c", digest }))).toBe(g);
    const v = fold(state(all), ev(8, "approval.voided", { request: "r-1", why: "first" }))!;
    expect(v["r-1"]!.voided).toEqual({ why: "first", at });
    expect(fold(state(v), ev(9, "approval.voided", { request: "r-1", why: "second" }))).toBe(v);
    expect(fold(state(all), ev(9, "approval.voided", { request: "r-9", why: "x" }))).toBe(all);
    expect(fold(state(undefined), ev(9, "approval.voided", { request: "r-1", why: "x" }))).toBeUndefined();
  });

  it("a rollback voids what is still in the air only; a promote marks the approval it names", () => {
    const all = {
      open: request({ request: "open" }),
      used: request({ request: "used", usedBy: 0 }),
      gone: request({ request: "gone", voided: { why: "earlier", at: "t" } }),
    };
    const after = fold(
      state(all),
      ev(10, "traffic.shift.requested", { kind: "rollback", to: { blue: 100, green: 0 } }),
    )!;
    expect(after.open!.voided).toEqual({ why: "a rollback was requested", at });
    expect(after.used).toBe(all.used);
    expect(after.gone).toBe(all.gone);
    expect(
      fold(state(undefined), ev(10, "traffic.shift.requested", { kind: "rollback", to: change.to })),
    ).toBeUndefined();
    const promote = (approval?: string) =>
      ev(11, "traffic.shift.requested", { kind: "promote", to: change.to, approval });
    expect(fold(state(all), promote("open"))!.open!.usedBy).toBe(11);
    expect(fold(state(all), promote("nope"))).toBe(all);
    expect(fold(state(all), promote())).toBe(all);
  });
});
