/**
 * Two-person approval wired for a session whose config names `team.approval`: the lead's promote
 * to such a step waits (engine/approval-wait.ts) on the approval clock — the hosts' clock, injected
 * (GOLIVE_NOW pins it), never a rehearsal's compressed one — for an approval taken from S3.
 */
import type { CallerIdentity, IdentityPort } from "../domain/approval.js";
import type { EnvConfig } from "../domain/config.js";
import { ApprovalWait } from "../engine/approval-wait.js";
import type { SessionStore } from "../session/store.js";
import type { Ctx } from "./context.js";
import { teamOf } from "./team.js";

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
