/**
 * The sign-off record: the team's runbook as it was, with every item's state, who and when, every
 * blank filled where it stood, then the deployment's actions and the full event log with the chain head.
 */

import { metricText, oneLine, weightsText } from "./describe.js";
import type { SessionEvent, SessionState } from "./events.js";
import { inForce } from "./in-force.js";
import { planLines, stepsText, thresholdsText } from "./in-force-text.js";
import { manualCheckLines, sessionManualChecks } from "./manual-checks.js";
import { mdCode, mdInline } from "./markdown-escape.js";
import { matrixLines } from "./matrix-triggers.js";
import { eventLog } from "./report/event-rows.js";
import type { Runbook } from "./runbook.js";
import { terminalText } from "./sanitize.js";
import { otherThresholdLines } from "./stated-text.js";
import { isItemDone } from "./timeline.js";
import { stepVerdicts } from "./verdict-step.js";
import { verdictRecordLines } from "./verdict-view.js";

interface Edit {
  start: number;
  end: number;
  text: string;
}

export function renderSignoffMarkdown(rb: Runbook, s: SessionState, events: readonly SessionEvent[]): string {
  return renderSignoffWithRows(rb, s, eventLog(events));
}

/** The record with its event log's rows already rendered (`eventLog`). */
export function renderSignoffWithRows(rb: Runbook, s: SessionState, rows: string): string {
  return renderSignoffPieces(rb, s, [rows]).join("");
}

/**
 * The record in pieces, the rows' pieces (strings or UTF-8 bytes, already escaped and terminal-safe)
 * copied in between as they are: written one after another they are the record's bytes.
 */
export function renderSignoffPieces<P extends string | Uint8Array>(
  rb: Runbook,
  s: SessionState,
  rows: readonly P[],
): (string | P)[] {
  const src = s.runbook.text;
  const edits: Edit[] = [];
  const name = names();
  // Markup over a line break (a tag split over two lines): a note put at its first line's end would
  // cut it, and the cut markup would be left out of the record's inert copies.
  const split = (rb.recordEdits ?? []).filter((e) => src.slice(e.start, e.end).includes("\n"));
  for (const item of rb.items) {
    const done = isItemDone(item, s);
    edits.push({ start: item.box.start, end: item.box.end, text: done ? "[x]" : "[ ]" });
    const mark = s.items[item.id];
    const check = s.checks[item.id];
    const notes: string[] = [];
    if (mark?.checked)
      notes.push(`✓ ${name(mark.by)} ${shortTime(mark.at)}${mark.note ? ` — ${esc(mark.note)}` : ""}`);
    if (mark && !mark.checked)
      notes.push(
        `unchecked by ${name(mark.by)} ${shortTime(mark.at)}${mark.reason ? ` — ${esc(mark.reason)}` : ""}`,
      );
    if (mark?.checked && mark.evidence) notes.push(`evidence: ${esc(oneLine(mark.evidence)).slice(0, 200)}`);
    if (check) notes.push(`check ${check.kind} ${check.ok ? "PASS" : "FAIL"} ${shortTime(check.at)}`);
    if (notes.length) {
      const eol = noteAt(src, item.box.end, split);
      // Mostly one note: joining a one-element array costs a builtin call per item (10,000 here).
      const text = notes.length === 1 ? notes[0] : notes.join(" · ");
      edits.push({ start: eol, end: eol, text: ` <sub>${text} · \`${item.id}\`</sub>` });
    }
  }
  const cells: Edit[] = [];
  for (const f of rb.fields) {
    const rec = s.fields[f.id];
    if (!rec) continue;
    const value = f.table ? esc(rec.value) : esc(rec.value);
    if (f.kind === "choice") {
      const i = (f.options ?? []).findIndex((o) => o.toLowerCase() === rec.value.toLowerCase());
      const box = f.optionPositions?.[i];
      if (box) edits.push({ start: box.start, end: box.end, text: "☑" });
    } else if (
      f.kind === "cell" &&
      f.position.end > f.position.start &&
      !/_{3,}/.test(src.slice(f.position.start, f.position.end))
    ) {
      // An empty table cell: its source is `| |`; fill between the pipes.
      const cell = src.slice(f.position.start, f.position.end);
      const open = cell.indexOf("|");
      const at = f.position.start + (open >= 0 ? open + 1 : 0);
      cells.push({ start: at, end: f.position.end - (cell.endsWith("|") ? 1 : 0), text: ` ${value} ` });
    } else {
      edits.push({ start: f.position.start, end: f.position.end, text: `**${value}**` });
    }
  }
  edits.push(...cells);
  // A filled cell replaces all it held: markup the parser read as no text (a `<!-- name -->` left as
  // a placeholder) goes with it, instead of its inert copy taking the cell and the value being lost.
  for (const e of rb.recordEdits ?? [])
    if (!cells.some((c) => e.start >= c.start && e.end <= c.end)) edits.push(e);
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  // Pieces from the end, joined once: splicing the whole text per edit was quadratic (10,000 items
  // took over half a minute to export).
  const pieces: string[] = [];
  let guard = src.length;
  for (const e of edits) {
    if (e.end > guard) continue;
    pieces.push(src.slice(e.end, guard), e.text);
    guard = e.start;
  }
  pieces.push(src.slice(0, guard));
  const body = pieces.reverse().join("");
  // Control characters anywhere in the record are shown, never emitted (a `cat` of it is safe); the
  // rows are already (terminalText works character by character, so pieces are as good as the whole).
  const [before, after] = appendix(s, rb);
  const head = terminalText(`${acceptedBanner(s)}${body.trimEnd()}\n\n${before}`);
  const tail = terminalText(`\n${after}`);
  return rows.some((r) => r.length > 0) ? [head, "\n", ...rows, tail] : [head, tail];
}

/** A success signed with open points says so before anything else in the record. */
function acceptedBanner(s: SessionState): string {
  const a = s.signoff?.accepted;
  if (!a) return "";
  return `> **⚠ SIGNED ${s.signoff!.status.toUpperCase()} WITH ${a.open.length} OPEN POINT(S) ACCEPTED** by ${esc(s.signoff!.signer)} at ${s.signoff!.at} — reason: ${esc(oneLine(a.reason))}. The list is in the sign-off record at the end.\n\n`;
}

function acceptedList(s: SessionState): string[] {
  const a = s.signoff?.accepted;
  if (!a) return [];
  return [
    "",
    `### ⚠ Accepted open at sign-off (${a.open.length})`,
    "",
    `Reason given: ${esc(oneLine(a.reason))}`,
    "",
    ...a.open.map((o) => `- ${esc(oneLine(o))}`),
  ];
}

/** The sign-off record's text before the event log's rows, and after them. */
function appendix(s: SessionState, rb: Runbook): [string, string] {
  const lines: string[] = [];
  lines.push("---", "", "## golive sign-off record", "");
  lines.push(`- **Session:** ${mdCode(s.id)}`);
  lines.push(
    `- **Runbook:** ${esc(s.runbook.title)} (${mdCode(s.runbook.file)}, sha256 \`${s.runbook.sha256.slice(0, 16)}…\`)`,
  );
  lines.push(
    `- **Version:** ${esc(s.version ?? "—")} · **Environment:** ${esc(s.env ?? "—")} · **Lead:** ${esc(s.lead)}`,
  );
  lines.push(`- **T-0:** ${new Date(s.t0).toISOString()}`);
  lines.push(
    `- **Status:** ${s.signoff ? `${s.signoff.status.toUpperCase()} — signed by ${esc(s.signoff.signer)}${s.signoff.role ? ` as ${esc(s.signoff.role)}` : ""} at ${s.signoff.at}${s.signoff.accepted ? ` — **WITH ${s.signoff.accepted.open.length} OPEN POINT(S) ACCEPTED**` : ""}` : "NOT SIGNED"}`,
  );
  lines.push(...acceptedList(s));
  if (s.signoff?.accepted) lines.push("");
  lines.push(`- **Traffic (as AWS last confirmed):** ${weightsText(s.weights)}`);
  lines.push(...inForceLines(rb, s));
  if (s.goDecision)
    lines.push(
      `- **Go decision:** ${esc(s.goDecision.by)} at ${esc(s.goDecision.at)}${s.goDecision.override ? ` (**override:** ${esc(s.goDecision.override)})` : ""}`,
    );
  for (const o of s.goDecision?.open ?? []) lines.push(`  - open at the Go: ${esc(oneLine(o))}`);
  if (s.liveAt) lines.push(`- **100 % green at:** ${esc(s.liveAt)}`);
  if (s.rollback) {
    lines.push(
      `- **Rollback:** decided by ${esc(s.rollback.by)}, initiated ${esc(s.rollback.startedAt)}, completed ${s.rollback.completedAt ? esc(s.rollback.completedAt) : "NOT CONFIRMED"}${s.rollback.reason ? `, reason: ${esc(s.rollback.reason)}` : ""}${s.rollback.verified === undefined ? "" : `, blue ${s.rollback.verified ? "verified healthy" : "NOT verified healthy"}`}`,
    );
  }
  // Earlier attempts (before a rollback) stay in the record, labelled as such, before the current.
  const attempts = [
    ...(s.earlierCheckpoints ?? []).map((a) => ({
      title: `### Monitoring checkpoints — earlier attempt ${esc(a.attempt)} (ended by a rollback)`,
      rows: a.rows,
    })),
    {
      title:
        (s.live?.attempt ?? 1) > 1
          ? `### Monitoring checkpoints — attempt ${esc(s.live!.attempt)} (from ${esc(s.live!.at)})`
          : "### Monitoring checkpoints",
      rows: Object.values(s.checkpoints),
    },
  ];
  for (const a of attempts) {
    const cps = [...a.rows].sort((x, y) => x.offsetMinutes - y.offsetMinutes);
    if (!cps.length) continue;
    lines.push(
      "",
      a.title,
      "",
      "| Checkpoint | Error rate | Latency p95 | Status | Recorded |",
      "|---|---|---|---|---|",
    );
    for (const c of cps) {
      lines.push(
        `| T+${esc(c.offsetMinutes)} | ${esc(metricText(c.errorRate, "%"))} | ${esc(metricText(c.latencyP95, "ms"))} | ${esc(c.status)} | ${esc(c.at)}${c.late ? " (late)" : ""} |`,
      );
    }
  }
  lines.push(...verdictRecordLines(stepVerdicts(s)));
  if (s.alerts.length) {
    lines.push("", "### Alerts", "");
    for (const a of s.alerts)
      lines.push(
        `- ${esc(a.at)} **${esc(a.severity)}**${a.trust ? ` (trust ${esc(a.trust)})` : ""} ${esc(a.message)}${(a.count ?? 1) > 1 ? ` (seen ${esc(a.count)} times, last ${esc(a.lastSeenAt)})` : ""}${a.acknowledged ? " (acknowledged)" : ""}`,
      );
  }
  if (s.notes.length) {
    lines.push("", "### Notes", "");
    const name = names();
    for (const n of s.notes) lines.push(`- ${esc(n.at)} ${name(n.by)}: ${esc(oneLine(n.text))}`);
  }
  if (s.amendments.length) {
    lines.push("", "### Amendments after sign-off", "");
    for (const a of s.amendments)
      lines.push(`- #${esc(a.seq)} ${esc(a.at)} ${esc(a.by)}: ${esc(a.type)} — ${esc(oneLine(a.why))}`);
  }
  lines.push("", "### Event log", "", "| # | When (UTC) | Who | What |", "|---:|---|---|---|");
  const after = ["", `Chain head (SHA-256 of event #${s.lastSeq}): \`${s.head}\``, ""];
  after.push("Check with `golive verify` against the JSON export of this session.", "");
  return [lines.join("\n"), after.join("\n")];
}

function lineEnd(src: string, from: number): number {
  const i = src.indexOf("\n", from);
  return i < 0 ? src.length : i;
}

/** The end of the item's first line, or of the line where markup running over it ends. */
function noteAt(src: string, from: number, split: readonly Edit[]): number {
  let eol = lineEnd(src, from);
  for (const e of split) if (e.start < eol && e.end > eol) eol = lineEnd(src, e.end);
  return eol;
}

function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")}Z`;
}

/** The canary plan and thresholds the session acted on, each with where it came from. */
function inForceLines(rb: Runbook, s: SessionState): string[] {
  const f = inForce(rb, s);
  return [
    `- **Canary plan:** ${stepsText(f.plan)}`,
    ...planLines(f).map((l) => `  - ${esc(l.trim())}`),
    ...rb.canary.warnings.map((w) => `  - warning, line ${w.line}: ${esc(w.message)}`),
    `- **Thresholds:** ${esc(thresholdsText(f))}`,
    ...matrixLines(rb, s.config?.value as Parameters<typeof matrixLines>[1]).map((l, i) =>
      i === 0 ? `- **Rollback decision matrix:**\n  - ${esc(l)}` : `  - ${esc(l)}`,
    ),
    ...otherThresholdLines(rb).map((l, i) =>
      i === 0 ? `- **Other thresholds and triggers:**\n  - ${esc(l)}` : `  - ${esc(l)}`,
    ),
    ...manualCheckLines(sessionManualChecks(rb, s.config?.value), s).map((l, i) =>
      i === 0 ? `- **Manual checks (golive cannot measure these):**\n  - ${esc(l)}` : `  - ${esc(l)}`,
    ),
  ];
}

/** esc for names: a record names a handful of people over and over (40,000 times), each escaped once. */
function names(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let e = seen.get(s);
    if (e === undefined) {
      e = esc(s);
      seen.set(s, e);
    }
    return e;
  };
}

/**
 * Keeps recorded values from turning into Markdown structure in the record (one line, inert). Numbers
 * and times too: an event's data is checked for shape down to its keys only, so a session written by
 * hand can hold text where golive records a number.
 */
function esc(s: unknown): string {
  return typeof s === "number" ? String(s) : mdInline(String(s ?? ""));
}
