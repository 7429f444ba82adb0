/** The runbook model: what golive understood of the team's Markdown, with source positions. */
import type { RunbookCanary } from "./in-force.js";
import type { MarkupEdit } from "./markdown-escape.js";
import type { TimeMarker } from "./time.js";

export interface Position {
  line: number;
  column: number;
  /** Offsets into the source text; used to mirror the runbook in the sign-off record. */
  start: number;
  end: number;
}

export interface Section {
  id: string;
  /** Outline number, e.g. `3.2.1`, as a lead would refer to it on the call. */
  number: string;
  title: string;
  depth: number;
  parent?: string;
  /** The marker stated on the heading or on a `Time:` line in the section body. */
  time?: TimeMarker;
  durationMinutes?: number;
  team?: string;
  position: Position;
}

export interface Item {
  /** `i12`: the order of the item in the runbook, so ids stay stable for a session's runbook copy. */
  id: string;
  text: string;
  section: string;
  parent?: string;
  depth: number;
  checkedInSource: boolean;
  /** The `[ ]`/`[x]` box in the source, to mirror the state in the sign-off record. */
  box: Position;
  position: Position;
  binding?: CheckBinding;
}

export interface Field {
  /** `f7`. */
  id: string;
  kind: "blank" | "choice" | "cell";
  label: string;
  unit?: string;
  /** As the runbook states it, e.g. `< 1%`. */
  target?: string;
  options?: string[];
  section: string;
  item?: string;
  table?: { id: string; row: number; column: number };
  /** The blank (or the choice's boxes) in the source. */
  position: Position;
  /** For choices: where each option's box is. */
  optionPositions?: Position[];
}

export interface RecordTable {
  id: string;
  section: string;
  header: string[];
  rows: { cells: { text: string; field?: string }[] }[];
  position: Position;
  /** Set when the first column holds T+N markers: the monitoring table the engine fills. */
  checkpoints?: { row: number; offsetMinutes: number; fields: Record<string, string | undefined> }[];
}

/**
 * What a fenced block is, as a person reading the runbook would say: shell commands, a program in
 * another language (shown; runnable only through an interpreter the block names with `#!`), a
 * message template (`Subject:` lines, `[Placeholder]` slots), or text.
 */
export type BlockKind = "shell" | "program" | "template" | "text";

/** A command in a block that changes traffic or capacity: golive refuses to run the block raw. */
export interface BlockChange {
  what: "traffic" | "capacity";
  /** e.g. `aws elbv2 modify-listener`. */
  command: string;
  /** The engine action that does the same step with its gate, confirmation and read-back. */
  action: string;
  /** Runbook line of the command. */
  line: number;
  text: string;
}

export interface CodeBlock {
  /** `c3` for runnable blocks only, counted in runbook order over runnable blocks. */
  id?: string;
  kind: BlockKind;
  /** The fence's language as written (`bash`, `python`, or empty). */
  lang: string;
  /** The block as written. */
  code: string;
  /** Why golive classed it so, in a few words (shown by `golive run --list`). */
  why: string;
  /** For runnable blocks: the program that runs `script` (`bash`, or the `#!` interpreter). */
  interpreter?: string;
  /** For runnable blocks: what runs (console `$ ` prompts and their output stripped). */
  script?: string;
  /** Traffic/capacity changes: a non-empty list means the block is never run as a script. */
  changes: BlockChange[];
  section: string;
  item?: string;
  position: Position;
}

/** A runnable block: shell, or a program whose interpreter the block names. */
export interface Command extends CodeBlock {
  id: string;
  interpreter: string;
  script: string;
}

export type MetricName = "errorRate" | "latencyP95";

export interface Threshold {
  metric: MetricName;
  /** go: green must stay within it to promote; rollback: crossing it triggers a rollback. */
  kind: "go" | "rollback";
  op: "<" | ">" | "<=" | ">=";
  value: number;
  unit: "%" | "ms";
  text: string;
  line: number;
  source: "runbook" | "config" | "default";
}

/**
 * A threshold the runbook states on anything but the error rate and p95 (runbook/thresholds.ts):
 * another latency percentile (measured as that percentile), the 4xx rate, a 5xx count, a metric of
 * the team's own. One golive cannot measure is a check by hand, shown as such, never as met.
 */
export interface StatedThreshold {
  /** `latencyP99`, `http4xxRate`, `http5xxCount`, `custom:SearchErrors`, `unknown`. */
  metric: string;
  /** As the lead reads it: `p99 latency`, `4xx rate`, `SearchErrors`. */
  label: string;
  kind: "go" | "rollback";
  op: "<" | ">" | "<=" | ">=";
  value: number;
  unit: string;
  text: string;
  line: number;
  measure:
    | {
        by: "cloudwatch";
        /** `p99`, `http4xxRate`, `http4xxCount`, `http5xxCount`, `custom:NAME`. */
        stat: string;
        /** A custom metric's CloudWatch statistic (Sum …) and where it is read, from the config. */
        countStat?: string;
        source?: string;
      }
    | { by: "manual"; why: string };
}

/** A rollback trigger with no number ("Critical functionality broken"): watched for by a person. */
export interface ManualTrigger {
  text: string;
  line: number;
}

export const NOT_MEASURED = "not measured by golive — check by hand";

export const CHECK_KINDS = [
  "command",
  "http",
  "ecs-service",
  "target-health",
  "listener",
  "k8s-api",
  "k8s-nodes",
  "k8s-deployments",
  "k8s-pods",
  "k8s-events",
  "baseline",
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckBinding {
  kind: CheckKind;
  args: Record<string, string>;
  line: number;
}

export interface Runbook {
  /** Source edits that keep the runbook's HTML, links and impostor headings inert in the record. */
  recordEdits?: MarkupEdit[];
  title: string;
  file: string;
  sha256: string;
  sections: Section[];
  items: Item[];
  fields: Field[];
  tables: RecordTable[];
  /** Every fenced block, classified. */
  blocks: CodeBlock[];
  /** The runnable blocks (`c1`, `c2`, …): the ones `golive run` and item checks may use. */
  commands: Command[];
  thresholds: Threshold[];
  /** Thresholds on other metrics (p99, 4xx, custom…), each measured or a check by hand. */
  stated?: StatedThreshold[];
  /** Rollback triggers with no number, shown as manual triggers. */
  manualTriggers?: ManualTrigger[];
  /** The canary plan as the runbook states it (runbook/plan.ts), each value with its line. */
  canary: RunbookCanary;
  /** Go / No-Go criteria as listed in the runbook's quick reference, shown at the Go decision. */
  criteria: { go: string[]; noGo: string[] };
}

export const DEFAULT_THRESHOLDS: Threshold[] = [
  {
    metric: "errorRate",
    kind: "go",
    op: "<",
    value: 1,
    unit: "%",
    text: "error rate < 1%",
    line: 0,
    source: "default",
  },
  {
    metric: "latencyP95",
    kind: "go",
    op: "<",
    value: 50,
    unit: "ms",
    text: "p95 < 50ms",
    line: 0,
    source: "default",
  },
  {
    metric: "errorRate",
    kind: "rollback",
    op: ">",
    value: 5,
    unit: "%",
    text: "error rate > 5%",
    line: 0,
    source: "default",
  },
  {
    metric: "latencyP95",
    kind: "rollback",
    op: ">",
    value: 100,
    unit: "ms",
    text: "p95 > 100ms",
    line: 0,
    source: "default",
  },
];

/** The one threshold of each metric and kind that the session uses: the first the runbook states. */
export function effectiveThresholds(
  all: Threshold[],
): Record<"go" | "rollback", Record<MetricName, Threshold>> {
  const pick = (kind: "go" | "rollback", metric: MetricName): Threshold =>
    all.find((t) => t.kind === kind && t.metric === metric) ??
    DEFAULT_THRESHOLDS.find((t) => t.kind === kind && t.metric === metric)!;
  return {
    go: { errorRate: pick("go", "errorRate"), latencyP95: pick("go", "latencyP95") },
    rollback: { errorRate: pick("rollback", "errorRate"), latencyP95: pick("rollback", "latencyP95") },
  };
}

/** Whether `value` is on the wrong side of a bound (any threshold: the two golive gates on, or a stated one). */
export function breaches(t: Pick<Threshold, "op" | "value">, value: number): boolean {
  switch (t.op) {
    case "<":
      return !(value < t.value);
    case "<=":
      return !(value <= t.value);
    case ">":
      return value > t.value;
    case ">=":
      return value >= t.value;
  }
}

/**
 * A phase of the timeline: a section with its own time marker, covering its subtree. Items outside
 * any timed section belong to their top-level section as an unscheduled phase (e.g. Sign-Off).
 */
export interface Phase {
  section: Section;
  items: Item[];
  fields: Field[];
  /** The fenced blocks under the phase's sections, in runbook order. */
  blocks: CodeBlock[];
}

export function phasesOf(rb: Runbook): Phase[] {
  const byId = new Map(rb.sections.map((s) => [s.id, s]));
  const topDepth = Math.min(...rb.sections.filter((s) => s.parent).map((s) => s.depth), 99);
  const owner = new Map<string, string>();
  for (const s of rb.sections) {
    let cur: Section | undefined = s;
    while (cur && !cur.time) cur = cur.parent ? byId.get(cur.parent) : undefined;
    if (!cur) {
      cur = s;
      while (cur.parent && cur.depth > topDepth) cur = byId.get(cur.parent)!;
    }
    owner.set(s.id, cur.id);
  }
  return rb.sections
    .map((section) => ({
      section,
      items: rb.items.filter((i) => owner.get(i.section) === section.id),
      fields: rb.fields.filter((f) => owner.get(f.section) === section.id),
      blocks: rb.blocks.filter((b) => owner.get(b.section) === section.id),
    }))
    .filter((p) => p.items.length > 0 || p.fields.length > 0);
}

export function sectionPath(rb: Runbook, sectionId: string): Section[] {
  const byId = new Map(rb.sections.map((s) => [s.id, s]));
  const path: Section[] = [];
  let cur = byId.get(sectionId);
  while (cur) {
    path.unshift(cur);
    cur = cur.parent ? byId.get(cur.parent) : undefined;
  }
  return path;
}
