/**
 * Two-person approval wired for a session whose config names `team.approval`: the lead's promote
 * to such a step waits (engine/approval-wait.ts) on the approval clock — the hosts' clock, injected
 * (GOLIVE_NOW pins it), never a rehearsal's compressed one — for an approval taken from S3.
 */
import { type CallerIdentity, type IdentityPort, instanceRoleNote } from "../domain/approval.js";
import type { EnvConfig } from "../domain/config.js";
import { ApprovalWait } from "../engine/approval-wait.js";
import { logHead } from "../session/approval-append.js";
import type { SessionStore } from "../session/store.js";
import type { CockpitModel } from "../ui/app/model.js";
import type { Ctx } from "./context.js";
import { teamLog, teamOf } from "./team.js";

/** Who is acting, asked of STS on first use (the SDK loads only then). */
export function stsIdentity(ctx: Ctx, config: EnvConfig): IdentityPort & { destroy(): void } {
  let sts: import("../integrations/sts.js").StsIdentity | undefined;
  return {
    async whoAmI(): Promise<CallerIdentity> {
      if (!sts) {
        const { StsIdentity } = await import("../integrations/sts.js");
        const at = config.team?.approval?.sts;
        sts = new StsIdentity({
          endpoint: at?.endpoint,
          region: at?.region ?? config.aws.region,
          sandbox: config.aws.sandbox,
          env: ctx.env,
        });
      }
      return sts.whoAmI();
    },
    destroy: () => sts?.destroy(),
  };
}

export function approvalWaitFor(
  ctx: Ctx,
  store: SessionStore,
  config: EnvConfig,
  now: () => number = () => ctx.clock.now(),
): ApprovalWait | undefined {
  const cfg = config.team?.approval;
  if (!cfg || !config.alb) return undefined;
  const identity = stsIdentity(ctx, config);
  store.beforeClose(async () => identity.destroy());
  return new ApprovalWait({
    steps: cfg.steps,
    expireSeconds: cfg.expireSeconds,
    listenerArn: config.alb.listenerArn,
    identity,
    recorder: store,
    now,
    share: async () => teamOf(store)?.share(),
    subscribe: (fn) => store.onChange(fn),
  });
}

/**
 * `golive doctor`'s line on two-person approval: who AWS says you are, and — when that identity is
 * shared (an instance role, the sandbox's fixed keys, or a request in this session made by someone
 * else under your ARN) — why golive will refuse an approval between two people who share it.
 */
export async function approvalDoctorLine(
  ctx: Ctx,
  config: EnvConfig,
  store: SessionStore,
  by: string,
): Promise<{ ok: boolean | "warn"; text: string; fix?: string }> {
  const cfg = config.team?.approval;
  if (!cfg || !config.team) return { ok: true, text: "two-person approval: not configured (team.approval)" };
  // The requests as S3 has them: this bastion's copy may not have followed yet.
  const log = await teamLog(config.team, config.aws.sandbox);
  const state = await logHead(log, config.team.s3.prefix, store.id, store.events)
    .then((v) => v.state)
    .catch(() => store.state)
    .finally(() => log.destroy());
  const steps = `steps ${cfg.steps.map((s) => `${s} %`).join(", ")}, requests expire after ${cfg.expireSeconds} s`;
  const identity = stsIdentity(ctx, config);
  const fix =
    "two-person approval needs per-person identities: each person runs golive with their own AWS credentials (SSO or their own IAM user/role, AWS_PROFILE) — never a shared instance role or shared keys";
  try {
    const me = (await identity.whoAmI()).arn;
    const shared =
      instanceRoleNote(me) ??
      (config.aws.sandbox && !ctx.env.AWS_ACCESS_KEY_ID
        ? `${me} comes from the sandbox's fixed keys, shared by everyone here: golive refuses an approval between two people using them`
        : undefined) ??
      Object.values(state.approvals ?? {})
        .filter((r) => r.requester === me && r.by !== by)
        .map(
          (r) =>
            `request ${r.request} was made by ${r.by} under your identity ${me}: golive refuses your approval of it, and theirs of yours`,
        )
        .at(-1);
    if (shared) return { ok: "warn", text: `two-person approval (${steps}): ${shared}`, fix };
    return { ok: true, text: `two-person approval (${steps}): you are ${me} (STS)` };
  } catch (e) {
    return { ok: false, text: `two-person approval: ${(e as Error).message}`, fix };
  } finally {
    identity.destroy();
  }
}

/**
 * The lead's cockpit while a promote waits for its approval: the header says so, and `x` withdraws
 * the request (voided on record, nothing sent).
 */
export function wireApprovalWait(model: CockpitModel, wait: ApprovalWait, user: string): void {
  const before = model.clockStatus;
  model.clockStatus = () => [wait.status(), before?.()].filter(Boolean).join(" · ") || undefined;
  model.approvalWaiting = () => !!wait.waiting;
  model.actions.withdrawApproval = async () => {
    const request = wait.withdraw(user);
    return request
      ? `approval request ${request} withdrawn: the promote sends nothing (recorded)`
      : "no promote was waiting for an approval";
  };
}
