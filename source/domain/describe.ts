/** One line per event, in the deployment's words: used by status, the event log pane and the export. */
import type { SessionEvent, Weights } from "./events.js";

export function weightsText(w: Weights | null | undefined): string {
  return w ? `blue ${w.blue} / green ${w.green}` : "unknown";
}

/**
 * The manual command of the last traffic change when that change failed (nothing confirmed or
 * superseded it since): what the cockpit's toast shortens, whole, for `golive status`.
 */
export function unconfirmedManualCommand(
  events: readonly SessionEvent[],
): { kind: string; at: string; command: string } | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === "traffic.shift.failed")
      return e.data.manualCommand
        ? { kind: e.data.kind, at: e.at, command: e.data.manualCommand }
        : undefined;
    if (e.type === "traffic.shift.confirmed" || e.type === "traffic.shift.superseded") return undefined;
  }
  return undefined;
}

export function describeEvent(e: SessionEvent): string {
  // Nearly every event has neither mark: no list to build per line of a 100,000-event log.
  if (!e.amendment && !e.merged) return describeBody(e);
  const marks = [
    e.amendment ? `AMENDMENT after sign-off — ${oneLine(e.amendment.why)}` : "",
    e.merged ? `merged from ${e.merged.from} at ${e.merged.at}` : "",
  ].filter(Boolean);
  return marks.length ? `${describeBody(e)} [${marks.join("; ")}]` : describeBody(e);
}

function describeBody(e: SessionEvent): string {
  switch (e.type) {
    case "session.created":
      return `session created from "${e.data.runbook.title}" (T-0 ${e.data.t0}, lead ${e.data.lead}${e.data.version ? `, version ${e.data.version}` : ""})`;
    case "item.checked":
      return `checked ${e.data.item}${e.data.note ? ` — ${e.data.note}` : ""}${e.data.evidence ? ` [evidence: ${oneLine(e.data.evidence)}]` : ""}`;
    case "item.unchecked":
      return `unchecked ${e.data.item}${e.data.reason ? ` — ${e.data.reason}` : ""}`;
    case "field.recorded":
      return `recorded ${e.data.field} = ${e.data.value}${e.data.source && e.data.source !== "manual" ? ` (${e.data.source})` : ""}`;
    case "config.attached":
      return `environment attached from ${e.data.config.file}`;
    case "note.added":
      return `note: ${oneLine(e.data.text)}`;
    case "lead.changed":
      return `lead taken by ${e.data.holder} (lease generation ${e.data.generation}, until ${e.data.until})${e.data.previous ? ` from ${e.data.previous}` : ""}${e.data.forced ? ` — FORCED while ${e.data.forced.from}'s lease ran until ${e.data.forced.until}` : ""}${e.data.reason ? `: ${oneLine(e.data.reason)}` : ""}`;
    case "approval.requested":
      return `approval requested by ${e.data.requester} for promote to ${e.data.step} %: listener ${e.data.listenerArn} from ${weightsText(e.data.listener.weights)} to ${weightsText(e.data.to)} (request ${e.data.request}, expires ${e.data.expiresAt})`;
    case "approval.granted":
      return `approved by ${e.data.approver}: request ${e.data.request}, promote to ${weightsText(e.data.to)}${e.data.seen ? ` (AWS showed the approver ${weightsText(e.data.seen)})` : ""}`;
    case "approval.voided":
      return `approval request ${e.data.request} void: ${oneLine(e.data.why)}`;
    case "check.confirmed":
      return `manual check ${e.data.check} confirmed clear (line ${e.data.line}: ${oneLine(e.data.text)})${e.data.note ? ` — ${oneLine(e.data.note)}` : ""}`;
    case "session.signed":
      return `signed ${e.data.status} by ${e.data.signer}${e.data.role ? ` as ${e.data.role}` : ""}${e.data.accepted ? ` — ACCEPTED ${e.data.accepted.open.length} open point(s): ${oneLine(e.data.accepted.reason)}` : ""}${e.data.signs ? ` (signs events 1–${e.data.signs.count}, head ${e.data.signs.head.slice(0, 12)}…)` : ""}${e.data.fields?.length ? `; filled ${e.data.fields.map((f) => `${f.field} = ${f.value}`).join(", ")}` : ""}`;
    case "session.migrated":
      return `session format ${e.data.from} migrated to ${e.data.to} by golive ${e.data.golive}`;
    case "t0.changed":
      return `T-0 moved to ${e.data.t0}${e.data.reason ? ` — ${e.data.reason}` : ""}`;
    case "traffic.shift.requested":
      return `${e.data.kind} requested: ${weightsText(e.data.from)} → ${weightsText(e.data.to)}${e.data.override ? ` (${e.data.kind === "promote" ? "override" : "reason"}: ${e.data.override})` : ""}${e.data.overridden?.length ? `; gate overridden by ${e.by}: ${e.data.overridden.join("; ")}` : ""}${e.data.approval ? ` (on approval request ${e.data.approval})` : ""}`;
    case "traffic.shift.confirmed":
      return `${e.data.kind} confirmed by AWS: ${weightsText(e.data.weights)} in ${(e.data.tookMs / 1000).toFixed(1)} s (${e.data.attempts} call${e.data.attempts === 1 ? "" : "s"})`;
    case "traffic.shift.failed":
      return `${e.data.kind} FAILED: ${e.data.error}${e.data.manualCommand ? `; by hand: ${e.data.manualCommand}` : ""}`;
    case "traffic.shift.superseded":
      return `${e.data.kind} to ${weightsText(e.data.to)} superseded: ${e.data.detail}`;
    case "traffic.observed":
      return `listener ${e.data.observation.replace(/-/g, " ")}: ${oneLine(e.data.detail)}`;
    case "decision.go":
      return `GO decision${e.data.override ? ` (override: ${e.data.override})` : ""}: ${e.data.criteria.filter((c) => c.ok).length}/${e.data.criteria.length} criteria met${e.data.noGo ? `, ${e.data.noGo.filter((c) => c.ok).length}/${e.data.noGo.length} No-Go ruled out` : ""}${e.data.open?.length ? `; open at the Go: ${e.data.open.join("; ")}` : ""}`;
    case "rollback.verified":
      return `rollback verified: blue ${e.data.blueHealthy ? "healthy" : "NOT healthy"} — ${e.data.detail}`;
    case "drift.detected":
      return e.data.expected === null
        ? `listener read from AWS: ${weightsText(e.data.actual)}`
        : `DRIFT: listener changed outside golive: ${weightsText(e.data.expected)} → ${weightsText(e.data.actual)}`;
    case "alert.raised":
      return `ALERT ${e.data.severity}${e.data.trust ? ` (trust ${e.data.trust})` : ""}: ${e.data.message}`;
    case "alert.repeated":
      return `alert ${e.data.alert} still breached (seen ${e.data.count} times)`;
    case "alert.acknowledged":
      return e.data.alerts
        ? `${e.data.alerts.length} alert${e.data.alerts.length === 1 ? "" : "s"} acknowledged (all)`
        : `alert ${e.data.alert} acknowledged`;
    case "checkpoint.recorded":
      return `checkpoint T+${e.data.offsetMinutes}${e.data.attempt && e.data.attempt > 1 ? ` (attempt ${e.data.attempt})` : ""}: error ${metricText(e.data.errorRate, "%")}, p95 ${metricText(e.data.latencyP95, "ms")} → ${e.data.status}${e.data.late ? " (filled late from history)" : ""}`;
    case "check.ran":
      return `check ${e.data.kind} on ${e.data.item}: ${e.data.ok ? "PASS" : "FAIL"} — ${oneLine(e.data.evidence).slice(0, 120)}`;
    case "ecs.state.recorded":
      return "pre-deploy ECS state recorded";
    case "ecs.action":
      return `ECS ${e.data.action}: ${e.data.ok ? "ok" : "FAILED"} — ${e.data.detail}`;
    case "message.written":
      return `message "${e.data.template}" (runbook line ${e.data.line}) written to ${e.data.file}${e.data.clipboard === "osc52" ? "; copied to the clipboard with OSC 52" : e.data.clipboard === "blocked" ? `; NOT copied: ${oneLine(e.data.why ?? "the terminal would not pass OSC 52 on")}` : ""}${e.data.open?.length ? `; left as written: ${e.data.open.join(", ")}` : ""}`;
    case "k8s.action":
      return `Kubernetes ${e.data.action} ${e.data.deployment} ${e.data.phase}: ${e.data.detail}`;
    case "metrics.period": {
      const arm = (c: string, p: typeof e.data.blue) =>
        p
          ? `${c} ${p.errors + p.connectionErrors}/${p.requests} errors, p95 ${metricText(p.p95Ms, "ms")}`
          : `${c} no traffic`;
      const m = Object.entries(e.data.measures ?? {}).map(
        ([k, v]) => `${k.replace(/^custom:/, "")} ${num(v.blue)}/${num(v.green)}`,
      );
      return `period ${e.data.t.slice(11, 16)}Z: ${arm("blue", e.data.blue)}; ${arm("green", e.data.green)}${m.length ? `; blue/green ${m.join(", ")}` : ""}`;
    }
  }
}

// A value that is no number (a session file written by hand) is said as it is, not thrown on: the
// callers escape it for where it goes.
const num = (v: number | null) =>
  v === null
    ? "no data"
    : typeof v !== "number" || Number.isInteger(v)
      ? String(v)
      : v.toFixed(v >= 100 ? 0 : 2);

/**
 * A measured value with its unit (`0.24%`, `33ms`; `gap` between them: the HTML record's `0.24 %`);
 * none is "no data"; text where golive records a number (a hand-written session) is said as it is.
 */
export function metricText(v: number | null | undefined, unit: "%" | "ms", gap = ""): string {
  if (v === null || v === undefined) return "no data";
  if (typeof v !== "number") return String(v);
  return `${unit === "%" ? v.toFixed(2) : v.toFixed(0)}${gap}${unit}`;
}

/** Whitespace that oneLine changes: two in a row, or any but a plain space. */
const ODD_SPACE = /\s\s|[^\S ]/;

export function oneLine(s: string): string {
  // Most text has no whitespace but single spaces, which the replace would copy unchanged: a test
  // instead of a copy (the record runs this on every note, 33,000 in a long session).
  if (!ODD_SPACE.test(s)) return s.trim();
  return s.replace(/\s+/g, " ").trim();
}

/** `2.0` → `v2.0`; `v2.0.0` or `release-7` stay as the team wrote them (never "vv2.0.0"). */
export function versionText(v: string): string {
  return /^\d/.test(v) ? `v${v}` : v;
}
