/**
 * The runbook's own message templates (fenced blocks with a `Subject:` line or `[Placeholder]`
 * slots): each named after its heading, placed in the moment of the go-live it is written for, and
 * each slot bound to what golive knows of the session, or left for the lead to type. A slot golive
 * cannot fill is never guessed at: it stays as the runbook wrote it, and `new` warns about it.
 */

import type { CodeBlock } from "./code-block.js";
import type { Runbook } from "./runbook.js";

/** When in the go-live a message is written for. */
export type MessageMoment = "pre" | "during" | "post" | "incident" | "rollback" | "other";

export const MOMENT_LABEL: Record<MessageMoment, string> = {
  pre: "before T-0",
  during: "during the deployment",
  post: "after go-live",
  incident: "incident",
  rollback: "rollback decision",
  other: "any time",
};

/**
 * What a slot is filled with. `choice`: one of the options the slot offers (`[GREEN/YELLOW/RED]`),
 * picked from the session's state; `issues`: the same, from what happened so far (`[None/Minor/Major]`).
 */
export type SlotKind =
  | "lead"
  | "version"
  | "phase"
  | "next-phase"
  | "milestone"
  | "elapsed"
  | "t0-time"
  | "t0-date"
  | "now-time"
  | "next-update"
  | "rollback-eta"
  | "details"
  | "reason"
  | "issue"
  | "choice"
  | "issues";

export interface TemplateSlot {
  /** As written, brackets included: `[Time elapsed]`. */
  text: string;
  /** What the line calls it (`Duration` in `Duration: [Time elapsed]`), else the slot's own words. */
  label: string;
  line: number;
  /** Undefined: golive does not know this value; the lead types it. */
  kind?: SlotKind;
  options?: string[];
}

export interface MessageTemplate {
  /** `during-deployment`: the heading it is written under, as `golive message NAME` takes it. */
  name: string;
  title: string;
  moment: MessageMoment;
  subject?: string;
  /** The fence's line. */
  line: number;
  code: string;
  slots: TemplateSlot[];
}

const SLOT = /\[([A-Za-z][^\]\n]{0,60})\]/g;

export function messageTemplates(rb: Runbook): MessageTemplate[] {
  const used = new Map<string, number>();
  return rb.blocks
    .filter((b) => b.kind === "template")
    .map((b) => {
      const path = headingPath(rb, b);
      const base = slug(path[0] ?? "message") || "message";
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      const subject = /^Subject\s*:\s*(.*)$/im.exec(b.code)?.[1]?.trim();
      return {
        name: n > 1 ? `${base}-${n}` : base,
        title: path[0] ?? "message",
        moment: [path[0], subject, ...path.slice(1)].map(momentOf).find((m) => m !== "other") ?? "other",
        ...(subject ? { subject } : {}),
        line: b.position.line,
        code: b.code,
        slots: slotsOf(b),
      };
    });
}

/** The block's heading and its parents' titles, nearest first. */
function headingPath(rb: Runbook, b: CodeBlock): string[] {
  const out: string[] = [];
  let s = rb.sections.find((x) => x.id === b.section);
  while (s && out.length < 3) {
    out.push(s.title);
    s = s.parent ? rb.sections.find((x) => x.id === s!.parent) : undefined;
  }
  return out;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
}

/** Nearest heading first: "Rollback Decision < Incident Communication" is a rollback message. */
function momentOf(words: string | undefined): MessageMoment {
  const w = (words ?? "").toLowerCase();
  if (/roll ?back/.test(w)) return "rollback";
  if (/incident|urgent|critical issue|outage|emergency/.test(w)) return "incident";
  if (/\bpre[- ]|before|prepar|notification|t-\d/.test(w)) return "pre";
  if (/during|in progress|update|progress/.test(w)) return "during";
  if (/\bpost[- ]|complete|after|t\+\d|live\b/.test(w)) return "post";
  return "other";
}

function slotsOf(b: CodeBlock): TemplateSlot[] {
  const slots: TemplateSlot[] = [];
  b.code.split("\n").forEach((text, i) => {
    // A list item's label too, bulleted or numbered (`1. ETA: [Time]` is the ETA, not the time now).
    const label = /^\s*(?:[-*]|\d{1,3}[.)])?\s*([A-Za-z][A-Za-z /-]{0,40}?)\s*:/.exec(text)?.[1]?.trim();
    for (const m of text.matchAll(SLOT)) {
      const inner = m[1]!.trim();
      const options = inner.includes("/") ? inner.split("/").map((o) => o.trim()) : undefined;
      const slot: TemplateSlot = { text: m[0], label: label ?? inner, line: b.position.line + 1 + i };
      const kind = slotKind(inner, label ?? inner, options);
      if (kind) slot.kind = kind;
      if (options) slot.options = options;
      slots.push(slot);
    }
  });
  return slots;
}

function slotKind(inner: string, label: string, options?: string[]): SlotKind | undefined {
  const x = inner.toLowerCase();
  const l = label.toLowerCase();
  if (options) {
    if (/issues?/.test(l) && options.some((o) => /none/i.test(o))) return "issues";
    return options.every((o) => choiceLevel(o) !== undefined) ? "choice" : undefined;
  }
  // `[Name]` under "Best regards," signs the message; `On-Call: [Name]` is someone else.
  if (
    /^(name|lead|your name|deployment lead|sender)$/.test(x) &&
    (l === x || /lead|from|sender|signed/.test(l))
  )
    return "lead";
  if (/^version$/.test(x) || l === "version") return "version";
  if (/^(phase name|current phase|phase)$/.test(x)) return "phase";
  if (/^next phase$/.test(x) || (l === "next" && /phase|description/.test(x))) return "next-phase";
  if (/milestone/.test(x) || /milestone/.test(l)) return "milestone";
  if (/elapsed|total time|duration/.test(x) || (l === "duration" && /time/.test(x))) return "elapsed";
  if (/additional details|details|metrics/.test(x)) return "details";
  if (/^reason$/.test(x)) return "reason";
  if (l === "issue" && /description|issue/.test(x)) return "issue";
  if (x === "date") return "t0-date";
  if (x === "start" || (x === "time" && /timeline|start|window/.test(l))) return "t0-time";
  if (x === "time" && /roll ?back/.test(l) && /eta/.test(l)) return "rollback-eta";
  if (x === "time" && /eta|next update/.test(l)) return "next-update";
  if (x === "time" && l === "subject") return "t0-time";
  if (x === "time" && l === x) return "now-time";
  if (/next update/.test(x)) return "next-update";
  return undefined;
}

/** How an option of a choice slot reads: the state it stands for, if golive knows the word. */
export function choiceLevel(option: string): "ok" | "progress" | "warn" | "bad" | undefined {
  const o = option.toUpperCase().replace(/[\s-]+/g, "_");
  if (/^(RED|ISSUE|ISSUES|FAIL|FAILED|FAILURE|MAJOR|CRITICAL|DOWN|BLOCKED|ROLLED_BACK)$/.test(o))
    return "bad";
  if (/^(YELLOW|AMBER|MINOR|DEGRADED|AT_RISK|WARNING)$/.test(o)) return "warn";
  if (/^(IN_PROGRESS|ONGOING|PENDING)$/.test(o)) return "progress";
  if (/^(GREEN|SUCCESS|NONE|OK|DONE|COMPLETE|COMPLETED|ON_TRACK)$/.test(o)) return "ok";
  return undefined;
}

/**
 * One warning per template with slots golive cannot fill, at the first such slot's line:
 * `go-live.md:443: message template "critical-issue": golive cannot fill Impact (line 443), …`.
 */
export function templateWarnings(rb: Runbook, file: string): string[] {
  return messageTemplates(rb).flatMap((t) => {
    const open = t.slots.flatMap((s, i) => (s.kind ? [] : [{ key: slotKey(t, i), line: s.line }]));
    if (!open.length) return [];
    return [
      `${file}:${open[0]!.line}: message template "${t.name}": golive cannot fill ${open.map((o) => `${o.key} (line ${o.line})`).join(", ")} — the lead types ${open.length === 1 ? "it" : "them"} (cockpit m, or golive message ${t.name} --set "${open[0]!.key}=…")`,
    ];
  });
}

/** The name `--set` takes for slot `i`: its label, else its own words, else `#N`, whichever is unique. */
export function slotKey(t: MessageTemplate, i: number): string {
  const s = t.slots[i]!;
  const count = (f: (x: TemplateSlot) => string, v: string) => t.slots.filter((x) => f(x) === v).length;
  if (count((x) => x.label, s.label) === 1 && count((x) => x.text.slice(1, -1), s.label) <= 1) return s.label;
  const words = s.text.slice(1, -1);
  if (count((x) => x.text, s.text) === 1 && count((x) => x.label, words) === 0) return words;
  return `#${i + 1}`;
}
