import { existsSync } from "node:fs";
import { decisionMatrix } from "../domain/decision-matrix.js";
import { unconfirmedManualCommand, versionText, weightsText } from "../domain/describe.js";
import type { SessionState } from "../domain/events.js";
import { isClosed } from "../domain/events.js";
import { inForce } from "../domain/in-force.js";
import { inForceJson, planLines, stepsText, thresholdsText } from "../domain/in-force-text.js";
import { manualCheckLines, manualChecksJson, sessionManualChecks } from "../domain/manual-checks.js";
import { bindMatrix, matrixLines } from "../domain/matrix-triggers.js";
import type { Field, Item, Runbook } from "../domain/runbook.js";
import { otherThresholdLines, otherThresholdsJson } from "../domain/stated-text.js";
import { formatCountdown, formatOffset, formatTClock } from "../domain/time.js";
import {
  isItemDone,
  nextDeadline,
  PHASE_SYMBOL,
  type PhaseView,
  progress,
  timeline,
} from "../domain/timeline.js";
import { shareJson, shareLine, trafficShare } from "../domain/traffic-share.js";
import { recordedVerdict } from "../domain/verdict-step.js";
import { stepsJson, verdictJson, verdictLines } from "../domain/verdict-view.js";
import { recordedInputLines } from "../engine/recorded-gate.js";
import { blockVerdict } from "../runbook/blocks.js";
import { type Ctx, type GlobalOpts, out } from "./io.js";
import { cachedSession } from "./status-cached.js";
import { alertsJson, gateJson, recordedStatus, type StatusGate } from "./status-gate.js";

export async function run(ctx: Ctx, o: GlobalOpts & { all?: boolean; live?: boolean }): Promise<number> {
  // The state a writer kept beside the session, when it still matches it (status-cached.ts).
  const cached = o.live ? undefined : await cachedSession(ctx, o, true);
  // The session store (lowdb, the journal, the lock) loads only when the kept state cannot answer.
  const opened = cached
    ? undefined
    : await (await import("./context.js")).openSession(ctx, o, false, "golive status");
  const runbook = cached?.runbook ?? opened!.runbook;
  const store = cached?.view ?? opened!.store;
  // A team session: what S3 has beyond this copy is shown too, and what S3 lacks is counted (read only).
  const team =
    opened && (store.state.config?.value as { team?: unknown } | undefined)?.team
      ? await (await import("./team-peek.js")).peekTeam(ctx, opened.store)
      : undefined;
  const view = team ?? store;
  const s = view.state;
  // The session's clock (a demo's sandbox clock) and the gate: as recorded (no AWS call) unless
  // --live asks for a fresh read. The AWS clients load only then.
  const live: StatusGate = o.live
    ? await (await import("./status-live.js")).liveStatus(ctx, opened!.store, runbook)
    : await recordedStatus(ctx, store, runbook, view);
  const now = live.now;
  const views = timeline(runbook, s, now);
  const prog = progress(runbook, s);
  const deadline = nextDeadline(views, now);
  if (o.json) {
    out(
      ctx,
      JSON.stringify({
        ...statusJson(runbook, s, views, now, store.file, deadline),
        alerts: alertsJson(s),
        gate: { ...gateJson(live.gate, live.note), source: live.source, inputs: live.inputs ?? null },
        verdict: verdictJson(recordedVerdict(s)),
        trafficShare: shareJson(trafficShare(s)),
        steps: stepsJson(s),
        next: live.next,
        manualCommand: unconfirmedManualCommand(view.events) ?? null,
        team: team
          ? {
              newer: team.newer,
              unshared: team.unshared,
              diverged: team.diverged,
              offline: team.offline ?? null,
            }
          : null,
      }),
    );
    return 0;
  }
  const lines: string[] = [];
  const state = s.signoff ? `SIGNED ${s.signoff.status.toUpperCase()}` : "OPEN";
  lines.push(`${runbook.title}${s.version ? ` ${versionText(s.version)}` : ""} — session ${s.id} [${state}]`);
  lines.push(
    `lead ${s.lead}${s.env ? ` · env ${s.env}` : ""} · T-0 ${iso(s.t0)} · now ${formatTClock(now, s.t0)} · ${prog.done}/${prog.total} items · ${Object.keys(s.fields).length}/${runbook.fields.length} fields`,
  );
  if (team) lines.push(team.line);
  if (s.weights) lines.push(`traffic (AWS-confirmed): ${weightsText(s.weights)}`);
  const force = inForce(runbook, s);
  lines.push(`canary plan: ${stepsText(force.plan)}`);
  for (const l of planLines(force)) lines.push(`  ${l}`);
  lines.push(`thresholds ${thresholdsText(force)}`);
  const other = otherThresholdLines(runbook);
  const matrix = matrixLines(runbook, s.config?.value as Parameters<typeof matrixLines>[1]);
  if (matrix.length) lines.push("rollback decision matrix:", ...matrix.map((l) => `  ${l}`));
  if (other.length)
    lines.push("other thresholds and triggers the runbook states:", ...other.map((l) => `  ${l}`));
  const byHand = manualCheckLines(sessionManualChecks(runbook, s.config?.value), s);
  if (byHand.length) lines.push("manual checks (golive confirm ID):", ...byHand.map((l) => `  ${l}`));
  for (const w of runbook.canary.warnings) lines.push(`warning: ${runbook.file}:${w.line}: ${w.message}`);
  if (deadline)
    lines.push(`next: ${deadline.label} at ${iso(deadline.at)} (in ${formatCountdown(now, deadline.at)})`);
  lines.push(`what now: ${live.next.text}`);
  const manual = unconfirmedManualCommand(view.events);
  if (manual)
    lines.push(
      `the ${manual.kind} at ${manual.at.slice(11, 19)}Z was NOT confirmed; to apply it by hand:`,
      `  ${manual.command}`,
    );
  const g = live.gate;
  if (g) {
    const to = g.next ? ` for ${g.next.green} % green` : "";
    const from =
      live.source === "record"
        ? " (from the record, no AWS call; golive status --live reads AWS now)"
        : " (read from AWS now)";
    lines.push(`gate${to}${from}: ${g.allowed ? "open" : "closed"}`);
    for (const l of live.inputs ? recordedInputLines(live.inputs) : []) lines.push(`  ${l}`);
    for (const r of g.reasons) lines.push(`  - ${r}`);
  }
  if (s.weights && s.weights.green > 0 && s.weights.blue > 0) {
    lines.push(...verdictLines(recordedVerdict(s)));
    const share = trafficShare(s);
    if (share) lines.push(`traffic share: ${shareLine(share)}`);
  }
  if (live.note) lines.push(`note: ${live.note}`);
  for (const a of s.alerts)
    lines.push(
      `alert ${a.acknowledged ? "(acknowledged)" : "UNACKNOWLEDGED"} ${a.severity}${a.trust ? ` (trust ${a.trust})` : ""}: ${a.message} — raised ${a.at.slice(11, 16)}Z, seen ${a.count}×, last ${a.lastSeenAt.slice(11, 16)}Z`,
    );
  lines.push("", "Timeline");
  for (const v of views) {
    const when =
      v.phase.section.time?.kind === "offset"
        ? formatOffset(v.phase.section.time.minutes)
        : v.phase.section.time
          ? "T+X"
          : "";
    const due = v.dueAt !== undefined ? iso(v.dueAt).slice(11, 16) : "";
    lines.push(
      `  ${PHASE_SYMBOL[v.status]} ${when.padEnd(7)} ${due.padEnd(5)} ${v.phase.section.title.slice(0, 48).padEnd(48)} ${String(v.done).padStart(3)}/${v.total} ${v.status === "overdue" ? "OVERDUE" : v.status === "current" ? "now" : v.status === "due-soon" ? "due soon" : ""}`,
    );
  }
  const active = views.filter(
    (v) => o.all || v.status === "current" || v.status === "overdue" || v.status === "due-soon",
  );
  for (const v of active) {
    const items = o.all ? v.phase.items : v.open;
    const fields = o.all ? v.phase.fields : v.phase.fields.filter((f) => !s.fields[f.id]);
    if (!items.length && !fields.length) continue;
    lines.push("", `${v.phase.section.number} ${v.phase.section.title}${o.all ? "" : " — open"}`);
    for (const i of items) lines.push(itemLine(i, s));
    for (const f of fields)
      if (!f.item || !items.some((i) => i.id === f.item)) lines.push(fieldLine(f, s, "    "));
    for (const i of items)
      for (const f of fields.filter((x) => x.item === i.id)) lines.push(fieldLine(f, s, `      `));
    if (o.all)
      for (const b of v.phase.blocks.filter((x) => x.id))
        lines.push(
          `    ${b.id!.padEnd(4)} ${b.lang || b.kind} block, line ${b.position.line}: ${blockVerdict(b)}`,
        );
  }
  const recorded = runbook.fields.filter((f) => s.fields[f.id]);
  if (recorded.length && !o.all) {
    lines.push("", "Recorded");
    for (const f of recorded) lines.push(fieldLine(f, s, "  "));
  }
  if (!o.all) lines.push("", "(golive status --all lists every item, field and runnable block with its id)");
  if (isClosed(s)) lines.push("", `Signed ${s.signoff!.status} by ${s.signoff!.signer} at ${s.signoff!.at}`);
  // Checked against the export's bytes, never taken from the ledger's word; loaded only when this
  // bastion ever SSH-signed the record (sign-ledger.ts).
  // (Never from the cache: cachedSession declines a session with a ledger.)
  if (opened && existsSync(`${store.file}.signatures`))
    lines.push(...(await (await import("./sign-ledger.js")).signatureLines(opened.store)));
  out(ctx, lines.join("\n"));
  return 0;
}

function itemLine(i: Item, s: SessionState): string {
  const done = isItemDone(i, s);
  const mark = s.items[i.id];
  const who = mark?.checked ? `  — ${mark.by} ${mark.at.slice(11, 16)}Z` : "";
  return `  ${"  ".repeat(Math.max(0, i.depth))}[${done ? "x" : " "}] ${i.id.padEnd(4)} ${i.text}${who}`;
}

function fieldLine(f: Field, s: SessionState, indent: string): string {
  const rec = s.fields[f.id];
  const val = rec
    ? `${rec.value}${f.unit && f.kind !== "choice" ? f.unit : ""}  — ${rec.by} ${rec.at.slice(11, 16)}Z`
    : "____";
  const extra =
    f.kind === "choice" && !rec ? ` (${f.options?.join(" / ")})` : f.target ? ` (target ${f.target})` : "";
  return `${indent}${f.id.padEnd(4)} ${f.label}: ${val}${extra}`;
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

function statusJson(
  rb: Runbook,
  s: SessionState,
  views: PhaseView[],
  now: number,
  file: string,
  deadline?: { at: number; label: string },
) {
  const force = inForceJson(inForce(rb, s));
  return {
    session: s.id,
    file,
    title: rb.title,
    version: s.version ?? null,
    lead: s.lead,
    env: s.env ?? null,
    t0: new Date(s.t0).toISOString(),
    now: new Date(now).toISOString(),
    tClock: formatTClock(now, s.t0),
    signoff: s.signoff ?? null,
    weights: s.weights,
    progress: progress(rb, s),
    nextDeadline: deadline ? { at: new Date(deadline.at).toISOString(), label: deadline.label } : null,
    thresholds: force.thresholds,
    canary: { ...force.canary, warnings: rb.canary.warnings },
    ...otherThresholdsJson(rb),
    decisionMatrix: matrixJson(decisionMatrix(rb)),
    manualChecks: manualChecksJson(sessionManualChecks(rb, s.config?.value), s),
    phases: views.map((v) => ({
      section: v.phase.section.id,
      number: v.phase.section.number,
      title: v.phase.section.title,
      time: v.phase.section.time ?? null,
      dueAt: v.dueAt !== undefined ? new Date(v.dueAt).toISOString() : null,
      endsAt: v.endsAt !== undefined ? new Date(v.endsAt).toISOString() : null,
      status: v.status,
      done: v.done,
      total: v.total,
      items: v.phase.items.map((i) => ({
        id: i.id,
        text: i.text,
        parent: i.parent ?? null,
        done: isItemDone(i, s),
        mark: s.items[i.id] ?? null,
      })),
      fields: v.phase.fields.map((f) => ({
        id: f.id,
        kind: f.kind,
        label: f.label,
        unit: f.unit ?? null,
        target: f.target ?? null,
        options: f.options ?? null,
        item: f.item ?? null,
        value: s.fields[f.id]?.value ?? null,
        mark: s.fields[f.id] ?? null,
      })),
    })),
  };
}

/** The matrix with each row's binding: the trigger and level it sets, or why it is checked by hand. */
function matrixJson(m: ReturnType<typeof decisionMatrix>) {
  if (!m) return null;
  const bound = bindMatrix(m);
  return {
    ...m,
    rules: m.rules.map((r, i) => {
      const b = bound[i]!;
      return {
        ...r,
        ...(b.triggers
          ? { trigger: b.triggers[0], triggers: b.triggers, policy: b.policy }
          : { byHand: b.byHand, check: `m${r.line}` }),
      };
    }),
  };
}
