/**
 * engine/approval-wait.ts with the session, the identity and the timers in memory: a promote that
 * needs a second person records its request and waits until another identity grants exactly that
 * change, the request expires, the lead withdraws it, a rollback comes, or another bastion voids it;
 * whatever ends it, nothing keeps polling or listening afterwards.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { changeDigest, foldApproval } from "../../source/domain/approval.js";
import type { SessionState } from "../../source/domain/events.js";
import {
  ApprovalWait,
  approvalBeforeSend,
  changeOf,
  voidApproval,
} from "../../source/engine/approval-wait.js";
import type { Plan } from "../../source/engine/traffic-types.js";

const T = Date.parse("2026-12-04T12:00:00.000Z");
const ARN = "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/a/1/2";
const ME = "arn:aws:sts::1:assumed-role/lead/ann";
const BO = "arn:aws:sts::1:assumed-role/lead/bo";
const PLAN = {
  kind: "promote",
  step: 50,
  to: { blue: 50, green: 50 },
  from: { weights: { blue: 90, green: 10 }, raw: { blue: 900, green: 100 } },
} as unknown as Plan;
const DIGEST = changeDigest(changeOf(PLAN, ARN));

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());
/** A wait that never ends fails in seconds, not at the suite's minute (mutation runs meet many). */
const FAIL_FAST_MS = 5000;

function rig(
  o: {
    whoAmI?: () => Promise<{ arn: string }>;
    pollMs?: number;
    failVoid?: boolean;
    /** A share that takes as long as the test says. */
    share?: () => Promise<void>;
  } = {},
) {
  const clock = { t: T };
  let seq = 0;
  const events: [string, Record<string, unknown>, string][] = [];
  const listeners = new Set<() => void>();
  const recorder = {
    state: {} as SessionState,
    append: async (type: string, data: Record<string, unknown>, by: string) => {
      if (o.failVoid && type === "approval.voided") throw new Error("disk full");
      events.push([type, data, by]);
      const e = { type, data, by, at: new Date(clock.t).toISOString(), seq: ++seq };
      recorder.state = { ...recorder.state, approvals: foldApproval(recorder.state, e as never) };
      return e as never;
    },
  };
  let shared = 0;
  const wait = new ApprovalWait({
    steps: [50],
    expireSeconds: 600,
    listenerArn: ARN,
    identity: { whoAmI: (o.whoAmI ?? (async () => ({ arn: ME }))) as never },
    recorder: recorder as never,
    now: () => clock.t,
    share: async () => {
      shared++;
      if (o.share) return o.share();
      throw new Error("S3 unreachable");
    },
    subscribe: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    ...(o.pollMs ? { pollMs: o.pollMs } : {}),
  });
  /** Another bastion's event arriving through the shared session. */
  const arrive = async (type: string, data: Record<string, unknown>, by = "bo") => {
    await recorder.append(type, data, by);
    for (const fn of [...listeners]) fn();
  };
  const request = () => events.findLast((e) => e[0] === "approval.requested")?.[1].request as string;
  const grant = (approver = BO, digest = DIGEST) =>
    arrive("approval.granted", { request: request(), approver, digest });
  /** Lets the wait's promise chain run (share, record) without moving the clock. */
  const settle = () => vi.advanceTimersByTimeAsync(0);
  return { wait, clock, events, listeners, recorder, arrive, request, grant, settle, shared: () => shared };
}

describe("ApprovalWait", { timeout: FAIL_FAST_MS }, () => {
  it("needs approval only at the steps the config names", () => {
    const { wait } = rig();
    expect([wait.needed(50), wait.needed(10)]).toEqual([true, false]);
  });

  it("records the request, says it is waiting, and takes another identity's grant of this change", async () => {
    const r = rig();
    const told: unknown[] = [];
    r.wait.onRequest = (w) => told.push(w);
    const p = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    await r.settle();
    const id = r.request();
    expect(id).toMatch(/^r-[0-9a-f]{8}$/);
    expect(r.events).toEqual([
      [
        "approval.requested",
        {
          listenerArn: ARN,
          step: 50,
          listener: { weights: { blue: 90, green: 10 }, raw: { blue: 900, green: 100 } },
          to: { blue: 50, green: 50 },
          request: id,
          requester: ME,
          expiresAt: "2026-12-04T12:10:00.000Z",
          digest: DIGEST,
        },
        "ann",
      ],
    ]);
    const waiting = { request: id, step: 50, expiresAt: "2026-12-04T12:10:00.000Z" };
    expect(told).toEqual([waiting]);
    expect(r.wait.waiting).toEqual(waiting);
    expect(r.wait.status()).toBe(
      `WAITING for a second person's approval of promote to 50 % (request ${id}: golive approve, or watch --approve; expires 12:10:00)`,
    );
    // Sharing failed (S3 down): the wait goes on, the next share carries the request.
    expect(r.shared()).toBe(1);
    await r.grant();
    expect(await p).toEqual({ ok: true, request: id, approver: BO });
    expect([r.wait.waiting, r.wait.status(), r.wait.withdraw("ann")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(r.listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a grant already in the session for this very change is taken without a new request", async () => {
    const r = rig();
    const first = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    await r.settle();
    await r.grant();
    const id = (await first).ok && r.request();
    const again = await r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    expect(again).toEqual({ ok: true, request: id, approver: BO });
    expect(r.events.filter((e) => e[0] === "approval.requested")).toHaveLength(1);
    // Another change (another step's weights) is not covered by it.
    const other = { ...PLAN, to: { blue: 40, green: 60 } } as Plan;
    const p = r.wait.approve(other, { by: "ann", cancelled: () => "rollback" });
    expect(await p).toEqual({ ok: false, error: "rollback: nothing was sent" });
    expect(r.events.filter((e) => e[0] === "approval.requested")).toHaveLength(2);
  });

  it("a grant from the requester's own identity or for another change is refused and voided", async () => {
    for (const [approver, digest, why] of [
      [ME, DIGEST, `the approval came from the requester's own identity (${ME}): refused`],
      [BO, "0".repeat(64), "the approval names another change than this promote: refused"],
    ]) {
      const r = rig();
      const p = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
      await r.settle();
      await r.grant(approver, digest);
      expect(await p).toEqual({ ok: false, error: `${why}: nothing was sent` });
      expect(r.events.at(-1)).toEqual(["approval.voided", { request: r.request(), why }, "ann"]);
    }
  });

  it("expires: looked at every poll (500 ms by default) on the approval clock", async () => {
    const r = rig();
    let done = false;
    const p = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined }).then((x) => {
      done = true;
      return x;
    });
    await r.settle();
    r.clock.t = T + 600_000;
    await vi.advanceTimersByTimeAsync(500);
    expect(done).toBe(false);
    r.clock.t = T + 600_001;
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const why = "no approval came before the request expired at 2026-12-04T12:10:00.000Z";
    expect(await p).toEqual({ ok: false, error: `${why}: nothing was sent` });
    expect(r.events.at(-1)).toEqual(["approval.voided", { request: r.request(), why }, "ann"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("the config's poll interval", async () => {
    const r = rig({ pollMs: 2000 });
    const p = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    await r.settle();
    r.clock.t = T + 700_000;
    await vi.advanceTimersByTimeAsync(1999);
    expect(r.events).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await p).ok).toBe(false);
  });

  it("withdrawn by the lead: at once, voided on record", async () => {
    const r = rig();
    const p = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    await r.settle();
    const first = r.request();
    expect(r.wait.withdraw("ann (x)")).toBe(first);
    expect(await p).toEqual({ ok: false, error: "withdrawn by ann (x): nothing was sent" });
    expect(r.events.at(-1)).toEqual([
      "approval.voided",
      { request: r.request(), why: "withdrawn by ann (x)" },
      "ann",
    ]);
    // The next wait starts unwithdrawn.
    const next = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    await r.settle();
    expect(r.wait.waiting?.request).toBe(r.request());
    expect(r.request()).not.toBe(first);
    expect(r.wait.status()).toContain(r.request());
    r.wait.withdraw("ann");
    expect(await next).toEqual({ ok: false, error: "withdrawn by ann: nothing was sent" });
  });

  it("a rollback ends the wait at the next look; a request voided elsewhere is gone, not voided again", async () => {
    const r = rig();
    let why: string | undefined;
    const p = r.wait.approve(PLAN, { by: "ann", cancelled: () => why });
    await r.settle();
    why = "a rollback was requested";
    await vi.advanceTimersByTimeAsync(500);
    expect(await p).toEqual({ ok: false, error: "a rollback was requested: nothing was sent" });
    const gone = rig();
    const q = gone.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    await gone.settle();
    await gone.arrive("approval.voided", { request: gone.request(), why: "bo said no" });
    expect(await q).toEqual({
      ok: false,
      error: "the approval request is void: bo said no: nothing was sent",
    });
    expect(gone.events.filter((e) => e[0] === "approval.voided")).toHaveLength(1);
  });

  it("withdrawn while the request is still being shared: taken back, ended once the share returns", async () => {
    let published!: () => void;
    const r = rig({ share: () => new Promise<void>((res) => (published = res)) });
    const p = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    await r.settle();
    expect(r.wait.withdraw("ann")).toBe(r.request());
    published();
    expect(await p).toEqual({ ok: false, error: "withdrawn by ann: nothing was sent" });
  });

  it("a grant of the same change to another requester is not this lead's", async () => {
    const r = rig();
    const cy = "arn:aws:sts::1:assumed-role/lead/cy";
    const change = changeOf(PLAN, ARN);
    await r.recorder.append(
      "approval.requested",
      { ...change, request: "r-cy", requester: cy, expiresAt: "2026-12-04T12:10:00.000Z", digest: DIGEST },
      "cy",
    );
    await r.recorder.append("approval.granted", { request: "r-cy", approver: BO, digest: DIGEST }, "bo");
    const p = r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined });
    await r.settle();
    expect(r.request()).not.toBe("r-cy");
    await r.grant();
    expect(await p).toEqual({ ok: true, request: r.request(), approver: BO });
  });

  it("who the lead is must be known; a void that cannot be recorded still refuses", async () => {
    const r = rig({ whoAmI: async () => Promise.reject(new Error("ExpiredToken")) });
    expect(await r.wait.approve(PLAN, { by: "ann", cancelled: () => undefined })).toEqual({
      ok: false,
      error: "approval needs to know who you are: ExpiredToken",
    });
    expect(r.events).toEqual([]);
    const f = rig({ failVoid: true });
    expect(await f.wait.approve(PLAN, { by: "ann", cancelled: () => "rollback" })).toEqual({
      ok: false,
      error: "rollback: nothing was sent",
    });
  });

  it("ended before it began (a rollback already came): no poll and no listener left behind", async () => {
    const r = rig();
    expect(await r.wait.approve(PLAN, { by: "ann", cancelled: () => "rollback" })).toMatchObject({
      ok: false,
    });
    expect(vi.getTimerCount()).toBe(0);
    expect(r.listeners.size).toBe(0);
    // A reason that holds for one look only: the wait ended on it, and nothing looks on after.
    const once = rig();
    let reasons = ["rollback"];
    const cancelled = () => reasons.shift();
    expect(await once.wait.approve(PLAN, { by: "ann", cancelled })).toMatchObject({ ok: false });
    reasons = [];
    await vi.advanceTimersByTimeAsync(5000);
    expect([vi.getTimerCount(), once.listeners.size]).toEqual([0, 0]);
  });
});

describe("approvalBeforeSend, changeOf, voidApproval", { timeout: FAIL_FAST_MS }, () => {
  it("nothing to do without a wait or for a step without approval; else the request, or why not", async () => {
    const r = rig();
    const o = { by: "ann", cancelled: () => undefined, gateClosed: () => undefined };
    expect(await approvalBeforeSend(undefined, PLAN, o)).toEqual({});
    expect(await approvalBeforeSend(r.wait, { ...PLAN, step: 10 } as Plan, o)).toEqual({});
    expect(r.events).toEqual([]);
    expect(await approvalBeforeSend(r.wait, PLAN, { ...o, cancelled: () => "rollback" })).toEqual({
      refused: "rollback: nothing was sent",
    });
    const ok = approvalBeforeSend(r.wait, PLAN, o);
    await r.settle();
    await r.grant();
    expect(await ok).toEqual({ request: r.request() });
    const closed = await approvalBeforeSend(r.wait, PLAN, { ...o, gateClosed: () => "green 5xx 2 %" });
    expect(closed).toEqual({
      refused: "the gate closed while waiting for the approval (green 5xx 2 %): nothing was sent",
    });
  });

  it("changeOf keeps the listener's action list only when it was read", () => {
    expect(changeOf(PLAN, ARN).listener).toEqual({
      weights: { blue: 90, green: 10 },
      raw: { blue: 900, green: 100 },
    });
    const actions = [{ Type: "forward" }];
    const withActions = { ...PLAN, from: { ...PLAN.from, actions } } as unknown as Plan;
    expect(changeOf(withActions, ARN)).toEqual({
      listenerArn: ARN,
      step: 50,
      listener: { weights: { blue: 90, green: 10 }, raw: { blue: 900, green: 100 }, actions },
      to: { blue: 50, green: 50 },
    });
  });

  it("voidApproval records why; a record that fails is not the send's failure", async () => {
    const r = rig();
    await voidApproval(r.recorder as never, "r-1", "ann");
    expect(r.events).toEqual([
      [
        "approval.voided",
        { request: "r-1", why: "the listener changed between the request and the send" },
        "ann",
      ],
    ]);
    await expect(
      voidApproval(rig({ failVoid: true }).recorder as never, "r-1", "ann"),
    ).resolves.toBeUndefined();
  });
});
