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
} from "mdast";
import type { CodeBlock, Command } from "../domain/code-block.js";
import { InputError } from "../domain/errors.js";
import type { Field, Item, Position, RecordTable, Runbook } from "../domain/runbook.js";
import type { ManualTrigger, StatedThreshold, Threshold } from "../domain/thresholds.js";
import { findTimeMarker, parseDuration, type TimeMarker } from "../domain/time.js";
import { isGoliveComment, parseAnnotation } from "./annotations.js";
import { classifyBlock } from "./blocks.js";
import { readChoices } from "./choices.js";
import { readBlanks } from "./fields.js";
import { type Flat, flatten, flattenBlocks } from "./flat.js";
import { codeText, parseMarkdown } from "./markdown.js";
import { readCanaryPlan } from "./plan.js";
import { prescanRunbook } from "./prescan.js";
import { recordMarkupEdits } from "./record-safety.js";
import { Outline } from "./sections.js";
import { SourceText } from "./source-text.js";
import { readTable, type TableContext } from "./tables.js";
import { scanThresholds, TRIGGER_LINE, TRIGGER_LIST } from "./thresholds.js";

/** `markdown` is replaceable only so tests can hold the result to micromark's own tree. */
export function parseRunbook(
  file: string,
  text: string,
  sha256: string,
  markdown: (text: string) => Root = parseMarkdown,
): Runbook {
  prescanRunbook(file, text);
  const tree = markdown(text);
  const rb = new RunbookBuilder(file, text, sha256).build(tree);
  rb.recordEdits = recordMarkupEdits(tree, text);
  return rb;
}

/** Walks the block tree once in document order; fields and tables are read by fields.ts and tables.ts. */
class RunbookBuilder implements TableContext {
  readonly source: SourceText;
  readonly fields: Field[] = [];
  readonly tables: RecordTable[] = [];
  lastParagraph = "";
  private outline = new Outline();
  private items: Item[] = [];
  private blocks: CodeBlock[] = [];
  private commands: Command[] = [];
  private thresholds: Threshold[] = [];
  private stated: StatedThreshold[] = [];
  private manualTriggers: ManualTrigger[] = [];
  /** Set after "Rollback Triggers:" and the like: the next list's items are rollback triggers. */
  private pendingTriggers = false;
  private inTriggerList = false;
  private title = "";
  private criteria: Runbook["criteria"] = { go: [], noGo: [] };
  private pendingCriteria: "go" | "noGo" | undefined;

  constructor(
    private file: string,
    src: string,
    private sha256: string,
  ) {
    this.source = new SourceText(file, src);
  }

  get sectionId(): string {
    return this.outline.current.id;
  }

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
      sections: this.outline.sections,
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
      this.outline.add("Runbook", 1, { line: 1, column: 1, start: 0, end: 0 });
    }
  }

  private pos(n: Nodes): Position {
    return this.source.pos(n);
  }

  private err(n: Nodes | Position, msg: string): InputError {
    return this.source.err(n, msg);
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
        readTable(this, node);
        this.lastParagraph = "";
        return;
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
    const s = this.outline.add(title, h.depth, this.pos(h));
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
      // Markdown's line endings are \n, \r\n and a lone \r: split at "\n" alone, a runbook saved
      // with lone \r read no label after its first line. A value runs to its line's end (`s`: U+2028
      // is no Markdown line ending).
      for (const line of text.split(/\r\n?|\n/)) {
        const label = /^(Time|Duration|Team)\s*:\s*(.*)$/is.exec(line.trim());
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
    const s = this.outline.current;
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
        section: this.sectionId,
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

  /**
   * The `[ ]` of a task item: the first bracket pair after the bullet in the source. Not only on the
   * bullet's line: `-` alone on its line, then `  [ ] step`, is a task item too, and a box sought on
   * the first line only fell back to the bullet, so the signed-off record wrote `[x]` over `-\n `.
   */
  private boxPosition(li: ListItem): Position {
    const p = this.pos(li);
    const head = this.source.src.slice(p.start, p.end);
    const at = /\[[ xX]\]/.exec(head)?.index ?? 0;
    // Lines counted as micromark counts them (a lone \r ends one too), from the item's own line.
    const breaks = [...head.slice(0, at).matchAll(/\r\n?|\n/g)];
    const last = breaks.at(-1);
    const column = last ? at - (last.index + last[0].length) + 1 : p.column + at;
    return { line: p.line + breaks.length, column, start: p.start + at, end: p.start + at + 3 };
  }

  private code(c: Code, item: Item | undefined) {
    const position = this.pos(c);
    const fenced = /^\s*(`{3,}|~{3,})/.test(this.source.src.slice(position.start, position.start + 40));
    const lang = c.lang ?? "";
    const code = codeText(c);
    const block: CodeBlock = {
      ...classifyBlock(lang, code, position.line + (fenced ? 1 : 0)),
      lang,
      code,
      section: this.sectionId,
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
      this.outline.current.time = marker;
    }
  }

  scanThresholds(text: string, node: Nodes, trigger = false) {
    const line = this.pos(node).line;
    const found = scanThresholds(text, line, trigger || TRIGGER_LINE.test(text.trim()));
    this.thresholds.push(...found.core);
    this.stated.push(...found.stated);
    if (trigger && !found.core.length && !found.stated.length && text.trim())
      this.manualTriggers.push({ text: text.trim(), line });
  }

  private blanksAndChoices(flat: Flat, node: Paragraph, item: Item | undefined) {
    readBlanks(this, flat, item);
    readChoices(this, flat, node, item);
  }
}
