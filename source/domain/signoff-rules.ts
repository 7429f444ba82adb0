/**
 * What an honest sign-off needs. `success` is refused while anything the runbook requires by now is
 * open (items, role blanks), an alert is unacknowledged, a rollback trigger is active, green is not
 * serving 100 % as AWS last confirmed, or a monitoring checkpoint after the last promotion is
 * missing; `--accept REASON` signs anyway and the list of what was accepted goes into the record.
 */
import type { SessionEvent, SessionState } from "./events.js";
import type { Runbook } from "./runbook.js";
import { roleBlanks, signoffSection } from "./signoff-roles.js";
import { isItemDone, timeline } from "./timeline.js";

export interface Blocker {
  kind: "item" | "role" | "alert" | "trigger" | "traffic" | "checkpoint";
  /** One line, as the record lists it. */
  text: string;
}

/**
 * Items golive requires before `success`: those of phases with a clock time up to and including
 * the sign-off phase (its own marker, else the moment of signing), and the sign-off phase's own.
 * Event-relative phases (T+X rollback steps) and phases due after the sign-off are not required.
 */
export function requiredOpenItems(rb: Runbook, s: SessionState, now: number) {
  const section = signoffSection(rb);
  const signAt = section?.time?.kind === "offset" ? s.t0 + section.time.minutes * 60_000 : now;
  return timeline(rb, s, now)
    .filter(
      (v) =>
        (v.dueAt !== undefined && v.dueAt <= signAt && v.phase.section.time?.kind === "offset") ||
        (section !== undefined && v.phase.section.id === section.id),
    )
    .flatMap((v) => v.phase.items.filter((i) => !isItemDone(i, s)).map((i) => ({ item: i, phase: v })));
}

/**
 * When AWS last confirmed green at 100 % (the anchor of the checkpoints that count): golive's own
 * read-back, or a pending promotion that a restart found done (only a promotion ends at green 100 %).
 */
export function lastFullPromotion(events: readonly SessionEvent[]): string | undefined {
  let at: string | undefined;
  for (const e of events)
    if (
      (e.type === "traffic.shift.confirmed" && e.data.kind === "promote" && e.data.weights.green === 100) ||
      (e.type === "traffic.observed" &&
        e.data.observation === "reconciled-completed" &&
        e.data.weights?.green === 100)
    )
      at = e.at;
  return at;
}

export function successBlockers(
  rb: Runbook,
  s: SessionState,
  events: readonly SessionEvent[],
  now: number,
  /** Roles signed in this same sign-off (their blanks are not recorded yet). */
  signingRoles: string[] = [],
): Blocker[] {
  const out: Blocker[] = [];
  for (const { item, phase } of requiredOpenItems(rb, s, now))
    out.push({ kind: "item", text: `${item.id} open: ${item.text} (${phase.phase.section.title})` });
  for (const r of roleBlanks(rb))
    if (!s.fields[r.name.id] && !signingRoles.includes(r.role))
      out.push({
        kind: "role",
        text: `role not signed: ${r.role} (${r.name.id}; golive sign --role "${r.role}")`,
      });
  for (const a of s.alerts.filter((x) => !x.acknowledged))
    out.push({ kind: "alert", text: `alert not acknowledged: ${a.severity} ${a.message} (${a.at})` });
  const live = lastFullPromotion(events);
  const w = s.weights;
  if (!w)
    out.push({ kind: "traffic", text: "traffic never read back from AWS: green at 100 % is not confirmed" });
  else if (w.green !== 100 || !live)
    out.push({
      kind: "traffic",
      text: `green is not serving 100 % (AWS last confirmed blue ${w.blue} / green ${w.green})`,
    });
  const trigger = activeTrigger(s, live);
  if (trigger) out.push({ kind: "trigger", text: trigger });
  const table = rb.tables.find((t) => t.checkpoints);
  if (table?.checkpoints && live) {
    for (const cp of table.checkpoints) {
      const rec = s.checkpoints[cp.offsetMinutes];
      if (!rec || rec.at < live)
        out.push({
          kind: "checkpoint",
          text: `checkpoint T+${cp.offsetMinutes} after the last promotion to 100 % (${live}) not recorded`,
        });
    }
  }
  // What is most serious first: the list a lead reads may be cut after a dozen lines.
  const order: Blocker["kind"][] = ["traffic", "trigger", "alert", "checkpoint", "role", "item"];
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/**
 * A rollback trigger is active when one fired since the last promotion to 100 % and no checkpoint
 * has read OK since, or when the latest checkpoint since then says Issue.
 */
function activeTrigger(s: SessionState, live: string | undefined): string | undefined {
  const since = live ?? "";
  const fired = s.alerts.filter((a) => a.id.startsWith("trigger-") && a.at >= since).at(-1);
  const cps = Object.values(s.checkpoints)
    .filter((c) => c.at >= since)
    .sort((a, b) => a.at.localeCompare(b.at));
  const last = cps.at(-1);
  if (last?.status === "Issue")
    return `rollback trigger active: checkpoint T+${last.offsetMinutes} reads Issue`;
  if (fired && !cps.some((c) => c.at > fired.at && c.status === "OK"))
    return `rollback trigger active: ${fired.message} (${fired.at}), no OK checkpoint since`;
  return undefined;
}
