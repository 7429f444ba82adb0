import { describe, expect, it } from "vitest";
import {
  type ApprovalView,
  approveProblem,
  changeDigest,
  instanceRoleNote,
  openRequests,
  sendProblem,
} from "../../source/domain/approval.js";
import { GENESIS } from "../../source/domain/chain.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { redactDeep } from "../../source/domain/redact.js";
import { reduce } from "../../source/domain/reduce.js";
import { seal } from "../../source/session/first-event.js";

const ANN = "arn:aws:iam::123456789012:user/ann";
const BOB = "arn:aws:iam::123456789012:user/bob";
const L = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/abc/def";
const change = {
  listenerArn: L,
  step: 100,
  listener: {
    weights: { blue: 50, green: 50 },
    raw: { blue: 50, green: 50 },
    actions: [{ Type: "forward" }],
  },
  to: { blue: 0, green: 100 },
};
const T = Date.parse("2026-12-01T18:00:00Z");

function request(over: Partial<ApprovalView> = {}): ApprovalView {
  return {
    ...change,
    request: "r-1",
    requester: ANN,
    expiresAt: new Date(T + 600_000).toISOString(),
    digest: changeDigest(change),
    by: "ann",
    at: new Date(T).toISOString(),
    seq: 5,
    ...over,
  };
}

describe("two-person approval rules (domain/approval.ts)", () => {
  it("the requester's own identity is refused, another's is not; expiry and a changed listener refuse", () => {
    expect(approveProblem(request(), ANN, T)).toMatch(/made this request: the requester cannot approve/);
    expect(approveProblem(request(), BOB, T)).toBeUndefined();
    expect(approveProblem(request(), BOB, T + 600_001)).toMatch(/expired at 2026-12-01T18:10:00.000Z/);
    expect(approveProblem(request(), BOB, T, { ...change.listener, raw: { blue: 60, green: 40 } })).toMatch(
      /the listener changed since the request/,
    );
    // Same weights, another action list: still another listener.
    expect(
      approveProblem(request(), BOB, T, { ...change.listener, actions: [{ Type: "fixed-response" }] }),
    ).toMatch(/its actions differ/);
    expect(approveProblem(request(), BOB, T, change.listener)).toBeUndefined();
  });

  it("the lead sends only on a grant by another identity, for this very change, before the expiry", () => {
    const granted = (approver: string, digest = changeDigest(change)) =>
      request({ granted: { approver, digest, by: "bob", at: "", seq: 6 } });
    expect(sendProblem(request(), ANN, change, T)).toBe("not approved");
    expect(sendProblem(granted(BOB), ANN, change, T)).toBeUndefined();
    expect(sendProblem(granted(ANN), ANN, change, T)).toMatch(/requester's own identity/);
    expect(sendProblem(granted(BOB), ANN, change, T + 600_001)).toMatch(/expired/);
    expect(sendProblem(granted(BOB, "0".repeat(64)), ANN, change, T)).toMatch(/another change/);
    expect(sendProblem(granted(BOB), ANN, { ...change, to: { blue: 50, green: 50 } }, T)).toMatch(
      /another change/,
    );
  });

  it("the session folds requests, grants, a rollback's void, and a promote's use", () => {
    let prev = GENESIS;
    const ev = (seq: number, type: string, data: unknown): SessionEvent => {
      const e = seal({ seq, at: new Date(T + seq).toISOString(), by: "x", type, data } as never, prev);
      prev = e.hash;
      return e;
    };
    const created = ev(1, "session.created", {
      id: "s",
      runbook: { file: "r.md", sha256: "0", title: "R", text: "" },
      t0: "2026-12-01T18:00:00Z",
      lead: "ann",
    });
    const { by: _b, at: _a, seq: _s, ...data } = request();
    const a = [
      created,
      ev(2, "approval.requested", data),
      ev(3, "approval.granted", {
        request: "r-1",
        approver: BOB,
        digest: data.digest,
        step: 100,
        to: change.to,
      }),
    ];
    let s = reduce(a);
    expect(s.approvals?.["r-1"]?.granted?.approver).toBe(BOB);
    expect(openRequests(s, T)).toHaveLength(0);
    s = reduce([...a, ev(4, "traffic.shift.requested", { kind: "promote", to: change.to, approval: "r-1" })]);
    expect(s.approvals?.["r-1"]?.usedBy).toBe(4);
    prev = a[1]!.hash;
    const open = [created, a[1]!];
    expect(openRequests(reduce(open), T)).toHaveLength(1);
    prev = open[1]!.hash;
    const rolled = reduce([
      ...open,
      ev(3, "traffic.shift.requested", { kind: "rollback", to: { blue: 100, green: 0 } }),
    ]);
    expect(rolled.approvals?.["r-1"]?.voided?.why).toBe("a rollback was requested");
    expect(openRequests(rolled, T)).toHaveLength(0);
  });

  it("ARNs survive redaction as recorded; an instance role is named as one identity for a whole bastion", () => {
    const arn = "arn:aws:sts::123456789012:assumed-role/bastion-role/i-0abc1234def567890";
    expect(redactDeep({ approver: arn, requester: ANN })).toEqual({ approver: arn, requester: ANN });
    expect(instanceRoleNote(arn)).toMatch(
      /instance role bastion-role of i-0abc1234def567890: everyone on this bastion/,
    );
    expect(
      instanceRoleNote("arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_1/ann@example.com"),
    ).toBeUndefined();
  });
});
