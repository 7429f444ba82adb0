/** Why an event after sign-off is recorded: each one is an amendment with its reason, or refused. */
import { ExitCode, UserError } from "../domain/errors.js";
import type { EventType, SessionEvent, SessionState } from "../domain/events.js";

/** The reason an event after sign-off carries; refused when nobody said why and it is a person's act. */
export function amendmentReason(
  state: SessionState,
  amend: string | undefined,
  type: EventType,
  data: unknown,
  merged: SessionEvent["merged"],
): string {
  if (type === "session.migrated") return "format migration after sign-off (no recorded fact changes)";
  if (merged)
    return `merged from the fallback record ${merged.from}, written while the session could not take it`;
  if (amend) return amend;
  const kind = (data as { kind?: string }).kind;
  if (type.startsWith("traffic.") && kind !== "promote")
    return "rollback after sign-off (a rollback is never blocked)";
  if (
    type === "rollback.verified" ||
    (type === "k8s.action" && (data as { action?: string }).action === "undo")
  )
    return "rollback after sign-off (a rollback is never blocked)";
  if (
    type === "alert.raised" ||
    type === "alert.acknowledged" ||
    type === "checkpoint.recorded" ||
    type === "drift.detected"
  ) {
    return `recorded by golive's monitor after sign-off`;
  }
  const s = state.signoff!;
  throw new UserError(
    `session ${state.id} was signed off (${s.status} by ${s.signer} at ${s.at}) and is sealed; nothing was recorded`,
    ExitCode.refused,
    'to correct or add to the record, re-run with --amend "why": it is recorded as an amendment after sign-off (who, why and what), shown in the export',
  );
}
