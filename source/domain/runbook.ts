/** The runbook model: what golive understood of the team's Markdown, with source positions. */
import type { CheckBinding } from "./check-kinds.js";
import type { CodeBlock, Command } from "./code-block.js";
import type { MarkupEdit } from "./markdown-escape.js";
import type { RunbookCanary } from "./plan-in-force.js";
import type { ManualTrigger, StatedThreshold, Threshold } from "./thresholds.js";
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
