/**
 * `golive approve`: the second person's half of two-person approval. Shows the exact change the
 * lead's golive asks to send (the listener, the listener as AWS showed it, the target weights, and
 * the listener as AWS shows the approver now), and records the approval under the approver's own
 * AWS identity (STS), straight to the shared log in S3 — never to a session file. Refused in one
 * line when the approver is the requester's identity, the request expired, or the listener changed.
 */
import {
  type ApprovalView,
  type ApprovedListener,
  approveProblem,
  openRequests,
} from "../domain/approval.js";
import type { EnvConfig } from "../domain/config.js";
import { weightsText } from "../domain/describe.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { SessionEvent } from "../domain/events.js";
import { appendToLog, logHead } from "../session/approval-append.js";
import type { SessionStore } from "../session/store.js";
import { stsIdentity } from "./approval-gate.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { configOf, confirm } from "./engine-context.js";
import { teamLog } from "./team.js";

interface Opts extends GlobalOpts {
  yes?: boolean;
  request?: string;
}

export async function run(ctx: Ctx, o: Opts): Promise<number> {
  // Read-only: whoever holds this bastion's copy takes the approval from S3 like any other event.
  const { store } = await openSession(ctx, o, false, "golive approve");
  let events: readonly SessionEvent[];
  try {
    events = store.events;
  } finally {
    await store.close();
  }
  const config = configOf(store);
  const found = await pending(ctx, config, store.id, events, o.request);
  out(ctx, found.text);
  if (found.problem) throw new UserError(`not approved: ${found.problem}`, ExitCode.refused);
  await confirm(ctx, "Approve exactly this change?", o.yes);
  const done = await approve(ctx, config, store.id, found.events, found.request, actor(ctx, o), found.seen);
  out(ctx, done);
  return 0;
}

export interface Pending {
  request: ApprovalView;
  events: SessionEvent[];
  me: string;
  seen?: ApprovedListener;
  /** What the approver is shown: the exact change, and who asks and who approves. */
  text: string;
  /** Why this approver may not approve it (then nothing is offered). */
  problem?: string;
}

function teamOfConfig(config: EnvConfig, id: string) {
  if (!config.team)
    throw new UserError(
      `session ${id} is not a team session (its config has no team.s3): there is nobody to approve`,
      ExitCode.usage,
    );
  return config.team;
}

/** `fn` with the session's shared log in S3 and the approver's STS identity, both closed after it. */
async function withTeam<T>(
  ctx: Ctx,
  config: EnvConfig,
  id: string,
  fn: (
    team: NonNullable<EnvConfig["team"]>,
    log: Awaited<ReturnType<typeof teamLog>>,
    identity: ReturnType<typeof stsIdentity>,
  ) => Promise<T>,
): Promise<T> {
  const team = teamOfConfig(config, id);
  const log = await teamLog(team, config.aws.sandbox);
  const identity = stsIdentity(ctx, config);
  try {
    return await fn(team, log, identity);
  } finally {
    identity.destroy();
    log.destroy();
  }
}

/** The request to approve (the one open, or `--request ID`), read from S3, with the approver's view. */
export async function pending(
  ctx: Ctx,
  config: EnvConfig,
  id: string,
  known: readonly SessionEvent[],
  requestId?: string,
): Promise<Pending> {
  return withTeam(ctx, config, id, async (team, log, identity) => {
    const view = await logHead(log, team.s3.prefix, id, known);
    const now = ctx.clock.now();
    const open = openRequests(view.state, now);
    // Without --request: the open one, else the newest (so a late approver hears why not: expired, void).
    const newest = Object.values(view.state.approvals ?? {})
      .sort((a, b) => a.seq - b.seq)
      .at(-1);
    const request = requestId ? view.state.approvals?.[requestId] : (open.at(-1) ?? newest);
    if (!request)
      throw new UserError(
        requestId
          ? `no approval request ${requestId} in session ${id}`
          : `nothing to approve: no open approval request in session ${id} (the lead's promote makes one)`,
        ExitCode.refused,
      );
    if (!requestId && open.length > 1)
      throw new UserError(
        `${open.length} open approval requests in session ${id}: name one with --request (${open.map((r) => r.request).join(", ")})`,
        ExitCode.usage,
      );
    const me = (await identity.whoAmI()).arn;
    const { seen, note } = await readListener(config);
    const problem = approveProblem(request, me, now, seen);
    return { request, events: view.events, me, seen, problem, text: describe(request, me, seen, note) };
  });
}

/** Records the approval in S3 (deciding again on the log's newest state); returns the line to show. */
export async function approve(
  ctx: Ctx,
  config: EnvConfig,
  id: string,
  known: readonly SessionEvent[],
  r: ApprovalView,
  by: string,
  seen?: ApprovedListener,
): Promise<string> {
  return withTeam(ctx, config, id, async (team, log, identity) => {
    const me = (await identity.whoAmI()).arn;
    const { event } = await appendToLog(
      log,
      team.s3.prefix,
      id,
      known,
      "approval.granted",
      (v) => {
        const problem = approveProblem(v.state.approvals?.[r.request], me, ctx.clock.now(), seen);
        if (problem) return `not approved: ${problem}`;
        return {
          request: r.request,
          approver: me,
          digest: r.digest,
          step: r.step,
          to: r.to,
          ...(seen ? { seen: seen.weights } : {}),
        };
      },
      by,
      () => ctx.clock.now(),
    );
    return `approved as ${me}: request ${r.request}, promote to ${weightsText(r.to)} — recorded as event #${event.seq} in ${log.where}; the lead's golive sends it (reading the listener again first)`;
  });
}

/** The approver's own read of the listener (undefined, with why, when it cannot read it). */
async function readListener(config: EnvConfig): Promise<{ seen?: ApprovedListener; note?: string }> {
  if (!config.alb) return { note: "no alb section: the listener was not read here" };
  const { createAwsClients } = await import("../integrations/aws/clients.js");
  const { AlbTraffic } = await import("../integrations/aws/alb.js");
  const aws = createAwsClients(config.aws, { maxAttempts: 2 });
  try {
    const l = await new AlbTraffic(aws.listener, config.alb, config.aws).read();
    return { seen: { weights: l.weights, raw: l.raw, ...(l.actions ? { actions: l.actions } : {}) } };
  } catch (e) {
    return {
      note: `could not read the listener here (${(e as Error).message.split("\n")[0]}): the lead's golive reads it again before it sends`,
    };
  } finally {
    aws.destroy();
  }
}

function describe(r: ApprovalView, me: string, seen?: ApprovedListener, note?: string): string {
  const l = r.listener;
  const lines = [
    `approval request ${r.request} (promote to ${r.step} %), recorded by ${r.by} at ${r.at} — expires ${r.expiresAt}`,
    `  requested by   ${r.requester}`,
    `  listener       ${r.listenerArn}`,
    `  AWS showed     ${weightsText(l.weights)} (raw weights ${l.raw.blue}/${l.raw.green}${l.actions && l.actions.length > 1 ? `, ${l.actions.length - 1} more default action(s) sent back unchanged` : ""})`,
    `  change to      ${weightsText(r.to)}`,
    seen
      ? `  AWS shows now  ${weightsText(seen.weights)} (raw weights ${seen.raw.blue}/${seen.raw.green}, read by you)`
      : `  AWS shows now  ? ${note ?? ""}`,
    `  you are        ${me}`,
  ];
  return lines.join("\n");
}

/**
 * `golive watch --approve`: the cockpit's `v` and `y` over the same two steps as `golive approve`,
 * on the viewer's session as it is on screen (its copy, or the lead's file it follows): S3 only.
 */
export function approvalActions(ctx: Ctx, store: SessionStore, by: string) {
  const config = configOf(store);
  const team = teamOfConfig(config, store.id);
  if (!team.approval)
    throw new UserError(
      `session ${store.id} asks for no approvals (its config's team section has no approval)`,
      ExitCode.usage,
      'add "approval": { "steps": [100] } to team in the environment config of a new session',
    );
  return {
    pendingApproval: async () => {
      const p = await pending(ctx, config, store.id, store.events);
      return { lines: p.text.split("\n"), problem: p.problem, ref: p };
    },
    approve: (ref: unknown) => {
      const p = ref as Pending;
      return approve(ctx, config, store.id, p.events, p.request, by, p.seen);
    },
  };
}
