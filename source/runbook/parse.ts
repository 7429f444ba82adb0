/**
 * Markdown → Runbook. The tree comes from micromark/mdast (CommonMark + GFM) with source positions;
 * regexes only ever look inside the text of one node (a time marker, a blank, a threshold).
 */
import type {
  Code,
  Heading,
  Html,
  List,
  ListItem,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
} from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { InputError } from "../domain/errors.js";
import type {
  CodeBlock,
  Command,
  Field,
  Item,
  ManualTrigger,
  Position,
  RecordTable,
  Runbook,
  Section,
  StatedThreshold,
  Threshold,
} from "../domain/runbook.js";
import { findTimeMarker, parseDuration, type TimeMarker } from "../domain/time.js";
import { isGoliveComment, parseAnnotation } from "./annotations.js";
import { classifyBlock } from "./blocks.js";
import { readCanaryPlan } from "./plan.js";
import { prescanRunbook } from "./prescan.js";
import { recordMarkupEdits } from "./record-safety.js";
import { scanThresholds, TRIGGER_LINE, TRIGGER_LIST } from "./thresholds.js";

interface Segment {
  text: string;
  /** Offset of this segment in the flattened string. */
  at: number;
  node: PhrasingContent;
  code: boolean;
}

interface Flat {
  text: string;
  segments: Segment[];
}

export function parseRunbook(file: string, text: string, sha256: string): Runbook {
  prescanRunbook(file, text);
  const tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const rb = new RunbookBuilder(file, text, sha256).build(tree);
  rb.recordEdits = recordMarkupEdits(tree, text);
  return rb;
}

class RunbookBuilder {
  private sections: Section[] = [];
  private items: Item[] = [];
  private fields: Field[] = [];
  private tables: RecordTable[] = [];
  private blocks: CodeBlock[] = [];
  private commands: Command[] = [];
  private thresholds: Threshold[] = [];
  private stated: StatedThreshold[] = [];
  private manualTriggers: ManualTrigger[] = [];
  /** Set after "Rollback Triggers:" and the like: the next list's items are rollback triggers. */
  private pendingTriggers = false;
  private inTriggerList = false;
  private stack: Section[] = [];
  private outline: number[] = [];
  private slugs = new Map<string, number>();
  private title = "";
  private criteria: Runbook["criteria"] = { go: [], noGo: [] };
  private pendingCriteria: "go" | "noGo" | undefined;
  private lastParagraph = "";

  constructor(
    private file: string,
    private src: string,
    private sha256: string,
  ) {}

  build(root: Root): Runbook {
    this.ensureRootSection(root);
    for (const node of root.children) this.block(node, undefined, 0);
    if (this.items.length === 0) {
      throw new InputError(
        { file: this.file, line: 1, column: 1 },
        "expected at least one checklist item (`- [ ] ...`); is this a golive runbook?",
      );
    }
    for (const item of this.items) {
      if (item.binding?.kind === "command" && !this.commands.some((c) => c.item === item.id)) {
        throw new InputError(
          { file: this.file, line: item.binding.line, column: 1 },
          `check command on ${item.id} needs a runnable code block inside the item (bash/sh/shell/console, or a #! interpreter)`,
        );
      }
    }
    return {
      title: this.title || this.file,
      file: this.file,
      sha256: this.sha256,
      sections: this.sections,
      items: this.items,
      fields: this.fields,
      tables: this.tables,
      blocks: this.blocks,
      commands: this.commands,
      thresholds: this.thresholds,
      stated: this.stated,
      // One entry per trigger: runbooks repeat their triggers in a quick reference.
      manualTriggers: this.manualTriggers.filter(
        (t, i, all) => all.findIndex((x) => x.text.toLowerCase() === t.text.toLowerCase()) === i,
      ),
      canary: readCanaryPlan(root),
      criteria: this.criteria,
    };
  }

  /** A runbook without headings still needs a section for its items to belong to. */
  private ensureRootSection(root: Root) {
    const first = root.children.find((n) => n.type !== "html" && n.type !== "thematicBreak");
    if (first?.type !== "heading") {
      this.addSection("Runbook", 1, { line: 1, column: 1, start: 0, end: 0 });
    }
  }

  private pos(n: Nodes): Position {
    const p = n.position;
    return {
      line: p?.start.line ?? 1,
      column: p?.start.column ?? 1,
      start: p?.start.offset ?? 0,
      end: p?.end.offset ?? 0,
    };
  }

  private err(n: Nodes | Position, msg: string): InputError {
    const p = "line" in n ? n : this.pos(n);
    return new InputError({ file: this.file, line: p.line, column: p.column }, msg);
  }

  private get section(): Section {
    return this.stack.at(-1)!;
  }

  private addSection(title: string, depth: number, position: Position): Section {
    while (this.stack.length && this.stack.at(-1)!.depth >= depth) this.stack.pop();
    const level = this.stack.length;
    this.outline.length = level + 1;
    this.outline[level] = (this.outline[level] ?? 0) + 1;
    const base =
      title
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s-]/gu, "")
        .trim()
        .replace(/\s+/g, "-") || "section";
    const seen = this.slugs.get(base) ?? 0;
    this.slugs.set(base, seen + 1);
    const s: Section = {
      id: seen ? `${base}-${seen}` : base,
      number: this.outline.map((n) => n ?? 1).join("."),
      title,
      depth,
      position,
    };
    const parent = this.stack.at(-1);
    if (parent) s.parent = parent.id;
    this.sections.push(s);
    this.stack.push(s);
    return s;
  }

  private block(node: RootContent, item: Item | undefined, listDepth: number) {
    switch (node.type) {
      case "heading":
        return this.heading(node);
      case "paragraph":
        return this.paragraph(node, item);
      case "list":
        return this.list(node, item, listDepth);
      case "code":
        return this.code(node, item);
      case "html":
        return this.html(node, item);
      case "table":
        return this.table(node);
      case "blockquote":
        for (const c of node.children) this.block(c, item, listDepth);
        return;
      default:
        return;
    }
  }

  private heading(h: Heading) {
    const flat = flatten(h.children);
    const title = flat.text.trim();
    if (h.depth === 1 && !this.title) this.title = title;
    const s = this.addSection(title, h.depth, this.pos(h));
    const marker = findTimeMarker(title);
    if (marker) s.time = marker;
    this.scanThresholds(flat.text, h);
    this.lastParagraph = "";
  }

  private paragraph(p: Paragraph, item: Item | undefined) {
    const flat = flatten(p.children);
    const text = flat.text.trim();
    for (const n of p.children) if (n.type === "html") this.inlineHtml(n, item);
    if (!item) {
      for (const line of text.split("\n")) {
        const label = /^(Time|Duration|Team)\s*:\s*(.*)$/i.exec(line.trim());
        if (label) this.sectionMeta(label[1]!.toLowerCase(), label[2]!.trim(), p);
      }
    }
    this.scanThresholds(flat.text, p, this.inTriggerList);
    this.blanksAndChoices(flat, p, item);
    this.pendingTriggers = TRIGGER_LIST.test(text);
    if (/^go criteria:?$/i.test(text)) this.pendingCriteria = "go";
    else if (/^no-go criteria:?$/i.test(text)) this.pendingCriteria = "noGo";
    else this.pendingCriteria = undefined;
    this.lastParagraph = text;
  }

  private sectionMeta(kind: string, value: string, p: Paragraph) {
    const s = this.section;
    if (kind === "time") {
      const marker = findTimeMarker(value);
      if (!marker) {
        throw this.err(
          p,
          `expected a time such as "T-30 minutes", "T+X (Issue Detected)" or "2 hours before go-live" after Time:, got "${value}"`,
        );
      }
      // The heading's own marker wins: it is what the team sees in the table of contents.
      if (!s.time) s.time = marker;
    } else if (kind === "duration") {
      const d = parseDuration(value);
      if (d !== undefined) s.durationMinutes = d;
    } else if (kind === "team") {
      s.team = value;
    }
  }

  private list(l: List, parent: Item | undefined, depth: number) {
    const wasCriteria = this.pendingCriteria;
    this.pendingCriteria = undefined;
    const outer = this.inTriggerList;
    if (this.pendingTriggers) this.inTriggerList = true;
    this.pendingTriggers = false;
    for (const li of l.children) {
      if (wasCriteria) this.criteria[wasCriteria].push(flattenBlocks(li.children).trim());
      this.listItem(li, parent, depth);
    }
    this.inTriggerList = outer;
  }

  private listItem(li: ListItem, parent: Item | undefined, depth: number) {
    let owner = parent;
    if (typeof li.checked === "boolean") {
      const first = li.children[0];
      const text = first?.type === "paragraph" ? flatten(first.children).text.trim() : "";
      const box = this.boxPosition(li);
      const item: Item = {
        id: `i${this.items.length + 1}`,
        text,
        section: this.section.id,
        depth,
        checkedInSource: li.checked,
        box,
        position: this.pos(li),
      };
      if (parent) item.parent = parent.id;
      this.items.push(item);
      owner = item;
    }
    for (const c of li.children) this.block(c, owner, depth + 1);
  }

  /** The `[ ]` of a task item: the first bracket pair after the bullet in the source. */
  private boxPosition(li: ListItem): Position {
    const p = this.pos(li);
    const lineEnd = this.src.indexOf("\n", p.start);
    const head = this.src.slice(p.start, lineEnd < 0 ? undefined : lineEnd);
    const m = /\[[ xX]\]/.exec(head);
    const start = p.start + (m?.index ?? 0);
    return { line: p.line, column: p.column + (m?.index ?? 0), start, end: start + 3 };
  }

  private code(c: Code, item: Item | undefined) {
    const position = this.pos(c);
    const fenced = /^\s*(`{3,}|~{3,})/.test(this.src.slice(position.start, position.start + 40));
    const lang = c.lang ?? "";
    const block: CodeBlock = {
      ...classifyBlock(lang, c.value, position.line + (fenced ? 1 : 0)),
      lang,
      code: c.value,
      section: this.section.id,
      position,
    };
    if (item) block.item = item.id;
    if (block.interpreter !== undefined && block.script !== undefined) {
      block.id = `c${this.commands.length + 1}`;
      this.commands.push(block as Command);
    }
    this.blocks.push(block);
  }

  private html(h: Html, item: Item | undefined) {
    if (!isGoliveComment(h.value)) return;
    this.annotation(h.value, this.pos(h), item);
  }

  private inlineHtml(h: PhrasingContent & { type: "html" }, item: Item | undefined) {
    if (!isGoliveComment(h.value)) return;
    this.annotation(h.value, this.pos(h), item);
  }

  private annotation(value: string, at: Position, item: Item | undefined) {
    let a: ReturnType<typeof parseAnnotation>;
    try {
      a = parseAnnotation(value);
    } catch (e) {
      throw this.err(at, (e as Error).message);
    }
    if (a.directive === "check") {
      if (!item)
        throw this.err(at, "a golive check annotation must sit inside a checklist item (`- [ ] ...`)");
      if (item.binding) throw this.err(at, `${item.id} is already bound to check ${item.binding.kind}`);
      item.binding = { kind: a.kind, args: a.args, line: at.line };
    } else if (a.directive === "canary") {
      // The canary plan, with every other way a runbook states it, is read by runbook/plan.ts.
    } else {
      const marker: TimeMarker | undefined = findTimeMarker(a.marker);
      if (!marker) throw this.err(at, `expected a time marker such as T-30m, got "${a.marker}"`);
      this.section.time = marker;
    }
  }

  private scanThresholds(text: string, node: Nodes, trigger = false) {
    const line = this.pos(node).line;
    const found = scanThresholds(text, line, trigger || TRIGGER_LINE.test(text.trim()));
    this.thresholds.push(...found.core);
    this.stated.push(...found.stated);
    if (trigger && !found.core.length && !found.stated.length && text.trim())
      this.manualTriggers.push({ text: text.trim(), line });
  }

  private blanksAndChoices(flat: Flat, node: Paragraph | TableCell, item: Item | undefined) {
    this.blanks(flat, item);
    this.choices(flat, node, item);
  }

  private blanks(flat: Flat, item: Item | undefined, table?: Field["table"], tableLabel?: string): Field[] {
    const out: Field[] = [];
    const re = /_{3,}/g;
    let prevEnd = 0;
    for (const m of flat.text.matchAll(re)) {
      const at = m.index!;
      const seg = segmentAt(flat, at);
      if (!seg || seg.code) continue;
      const before = flat.text.slice(prevEnd, at);
      const nextBlank = flat.text.indexOf("___", at + m[0].length);
      const after = flat.text.slice(at + m[0].length, nextBlank < 0 ? undefined : nextBlank);
      prevEnd = at + m[0].length;
      const { label, target: labelTarget } = splitLabel(before);
      const unit = /^ ?(req\/s|rps|ms|%|s\b|sec\b|seconds|MB|GB|minutes|min\b|hours?)/.exec(after)?.[1];
      const target = /\(\s*target:\s*([^)]+)\)/i.exec(after)?.[1]?.trim() ?? labelTarget;
      const f: Field = {
        id: `f${this.fields.length + 1}`,
        kind: table ? "cell" : "blank",
        label: tableLabel ?? (label || this.lastParagraph.replace(/:$/, "") || "Value"),
        section: this.section.id,
        position: this.sourceOfBlank(seg, at - seg.at, m[0].length),
      };
      if (unit) f.unit = unit;
      if (target) f.target = target;
      if (item) f.item = item.id;
      if (table) f.table = table;
      this.fields.push(f);
      out.push(f);
    }
    return out;
  }

  /** Maps a blank in a text node to the source; escapes can shift offsets, so search the node's source. */
  private sourceOfBlank(seg: Segment, indexInSeg: number, length: number): Position {
    const p = this.pos(seg.node);
    const raw = this.src.slice(p.start, p.end);
    const nth = (seg.text.slice(0, indexInSeg).match(/_{3,}/g) ?? []).length;
    let k = 0;
    for (const m of raw.matchAll(/_{3,}/g)) {
      if (k++ === nth) {
        const start = p.start + m.index!;
        return { ...this.lineCol(start), start, end: start + m[0].length };
      }
    }
    const start = p.start + indexInSeg;
    return { ...this.lineCol(start), start, end: start + length };
  }

  private lineCol(offset: number): { line: number; column: number } {
    let line = 1;
    let last = -1;
    for (let i = this.src.indexOf("\n"); i >= 0 && i < offset; i = this.src.indexOf("\n", i + 1)) {
      line++;
      last = i;
    }
    return { line, column: offset - last };
  }

  private choices(
    flat: Flat,
    node: Paragraph | TableCell,
    item: Item | undefined,
    tableLabel?: string,
    table?: Field["table"],
  ) {
    const boxes = [...flat.text.matchAll(/[☐☑☒]/g)];
    if (!boxes.length) return undefined;
    const first = boxes[0]!.index!;
    const prefix = flat.text
      .slice(0, first)
      .trim()
      .replace(/[:：]\s*$/, "")
      .trim();
    const options = boxes.map((b, i) => {
      const end = i + 1 < boxes.length ? boxes[i + 1]!.index! : flat.text.length;
      const raw = flat.text.slice(b.index! + 1, end).split("\n")[0]!;
      return raw
        .split(/\s+-\s+|\s*\/\s*$/)[0]!
        .replace(/\s*\/\s*$/, "")
        .trim();
    });
    const p = this.pos(node);
    const raw = this.src.slice(p.start, p.end);
    const optionPositions: Position[] = [];
    for (const m of raw.matchAll(/[☐☑☒]/g)) {
      const start = p.start + m.index!;
      optionPositions.push({ ...this.lineCol(start), start, end: start + m[0].length });
    }
    const f: Field = {
      id: `f${this.fields.length + 1}`,
      kind: "choice",
      label: tableLabel ?? (prefix || this.lastParagraph.replace(/:$/, "").trim() || "Choice"),
      options,
      section: this.section.id,
      position: optionPositions[0] ?? p,
      optionPositions,
    };
    if (item) f.item = item.id;
    if (table) f.table = table;
    this.fields.push(f);
    return f;
  }

  private table(t: Table) {
    const [head, ...rows] = t.children;
    if (!head) return;
    const header = head.children.map((c) => flatten(c.children).text.trim());
    for (const c of head.children) this.scanThresholds(flatten(c.children).text, c);
    const flats = rows.map((r) => r.children.map((c) => flatten(c.children)));
    const recordable = flats.some((r) => r.some((c) => /_{3,}|[☐☑☒]/.test(c.text)));
    const id = `t${this.tables.length + 1}`;
    const table: RecordTable = { id, section: this.section.id, header, rows: [], position: this.pos(t) };
    rows.forEach((row, r) => {
      const rowKey = flats[r]![0]?.text.trim() ?? `row ${r + 1}`;
      const cells = row.children.map((cell, c) => {
        const flat = flats[r]![c]!;
        const text = flat.text.trim();
        this.scanThresholds(flat.text, cell);
        if (!recordable || c === 0) return { text };
        const label = `${rowKey} ${header[c] ?? `column ${c + 1}`}`;
        const where = { id, row: r, column: c };
        const blanks = this.blanks(flat, undefined, where, label);
        if (blanks.length) return { text, field: blanks[0]!.id };
        const choice = this.choices(flat, cell, undefined, label, where);
        if (choice) return { text, field: choice.id };
        if (text === "") {
          const f: Field = {
            id: `f${this.fields.length + 1}`,
            kind: "cell",
            label,
            section: this.section.id,
            table: where,
            position: this.pos(cell),
          };
          this.fields.push(f);
          return { text, field: f.id };
        }
        return { text };
      });
      table.rows.push({ cells });
    });
    const markers = table.rows.map((row) => {
      const m = findTimeMarker(row.cells[0]?.text ?? "");
      return m?.kind === "offset" && /^T\s*\+/i.test(row.cells[0]?.text ?? "") ? m.minutes : undefined;
    });
    if (recordable && markers.length && markers.every((m) => m !== undefined)) {
      const col = (re: RegExp) => header.findIndex((h, i) => i > 0 && re.test(h));
      const cols = {
        errorRate: col(/error/i),
        latencyP95: col(/latency|p95/i),
        status: col(/status|result|outcome|verdict/i),
        notes: col(/note|comment/i),
      };
      table.checkpoints = table.rows.map((row, r) => ({
        row: r,
        offsetMinutes: markers[r]!,
        fields: Object.fromEntries(
          Object.entries(cols).map(([k, c]) => [k, c >= 0 ? row.cells[c]?.field : undefined]),
        ),
      }));
    }
    this.tables.push(table);
    this.lastParagraph = "";
  }
}

/** `Error rate < 1% →` → label `Error rate`, target `< 1%`. */
function splitLabel(before: string): { label: string; target?: string } {
  let s = before.split("\n").at(-1)!.trim();
  s = s.replace(/[→:>-]+\s*$/u, "").trim();
  const cmp = /^(.*?)\s*([<>]=?\s*\d+(?:\.\d+)?\s*(?:%|ms|s)?)\s*$/.exec(s);
  if (cmp?.[1]) return { label: cmp[1].trim(), target: cmp[2]!.replace(/\s+/g, " ") };
  return { label: s };
}

function segmentAt(flat: Flat, at: number): Segment | undefined {
  return flat.segments.find((s) => at >= s.at && at < s.at + s.text.length);
}

function flatten(nodes: PhrasingContent[]): Flat {
  const segments: Segment[] = [];
  let text = "";
  const walk = (ns: PhrasingContent[]) => {
    for (const n of ns) {
      if (n.type === "text" || n.type === "inlineCode") {
        segments.push({ text: n.value, at: text.length, node: n, code: n.type === "inlineCode" });
        text += n.value;
      } else if (n.type === "break") {
        text += "\n";
      } else if ("children" in n) {
        walk(n.children as PhrasingContent[]);
      }
    }
  };
  walk(nodes);
  return { text, segments };
}

function flattenBlocks(nodes: Nodes[]): string {
  return nodes
    .map((n) => {
      if (n.type === "paragraph") return flatten(n.children).text;
      if ("children" in n) return flattenBlocks(n.children as Nodes[]);
      return "";
    })
    .join(" ");
}
