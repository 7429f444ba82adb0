/**
 * The runbook's own canary plan: the weight steps and the dwell (bake, watch, monitor) at each,
 * read from the mdast tree wherever the runbook states them — a percent list ("10% → 50% →
 * 100%", "Shift 5 % … 25 % … 100 %"), one "route N % traffic to green" item per step, the weights
 * of the `aws elbv2 modify-listener` calls in a code block, or a `<!-- golive canary -->`
 * annotation. Regexes only look inside one node's text. Every value keeps its line, and a
 * runbook that states two different plans gets a warning naming both lines.
 */
import type { Code, Html, Nodes, PhrasingContent, Root } from "mdast";
import {
  DEFAULT_DWELL_MINUTES,
  defaultCanary,
  type PlanStep,
  type RunbookCanary,
  type ValueSource,
} from "../domain/plan-in-force.js";
import { parseDuration } from "../domain/time.js";
import { isGoliveComment, parseAnnotation } from "./annotations.js";
import { codeText } from "./markdown.js";

type Kind = "annotation" | "percent list" | "route items" | "modify-listener";

interface Mention {
  green: number;
  line: number;
  text: string;
}

interface Dwell {
  minutes: number;
  line: number;
  text: string;
  /** Document order, to place it after the step it follows. */
  order: number;
}

interface Candidate {
  kind: Kind;
  line: number;
  steps: (Mention & { order: number })[];
  /** The section (heading index) it was stated in: dwell statements there belong to it. */
  section: number;
  /** Dwell set by an annotation for every step. */
  dwell?: Dwell;
  /** Dwell stated right after each step (a `sleep` between two modify-listener calls). */
  stepDwells?: (Dwell | undefined)[];
}

const PCT = String.raw`(\d{1,3})\s*%`;

const SEP = String.raw`(?:\s*(?:→|->|=>|⇒|,|;|/|…|\.{2,3}|\bthen\b|\band\b|\bto\b)\s*)+`;

const PERCENT_LIST = new RegExp(`${PCT}(?:${SEP}${PCT})+`, "gi");

const PLAN_CONTEXT = /rollout|roll out|canary|traffic|shift|weight|route|ramp|green/i;

const ROUTE =
  /\b(?:route|shift|send|move|switch|direct|increase|raise|ramp(?:\s+up)?|set|bump|promote)\b[^%\n]{0,40}?(\d{1,3})\s*%/i;
const ROUTE_TARGET =
  /\b(?:green|canary|new (?:version|stack|service|fleet|release|build|deployment|cluster)|v\d[\w.-]*)\b/i;
/** "Send everything to the new fleet": the last step in words, read only after a route item with a number. */
const ROUTE_ALL =
  /\b(?:route|shift|send|move|switch|direct|cut over|promote)\b[^%\n]{0,20}?\b(?:everything|all(?: of the)? traffic|all requests)\b/i;
const ROUTE_AWAY = /\b(?:back|blue|old|rollback|roll back|revert)\b/i;

const DWELL_VERB = String.raw`\b(?:monitor|watch|bake|soak|observe|wait|hold|dwell|pause|let it (?:run|bake|soak))`;

const DURATION = String.raw`(\d+(?:\.\d+)?\s*(?:minutes?|mins?|m|hours?|hrs?|h))\b`;

const DWELL = new RegExp(
  `${DWELL_VERB}(?:\\s+for|\\s+at least|(?:\\s+[\\w'-]+){1,4}\\s+for)?(?:\\s+at least)?\\s+${DURATION}`,
  "i",
);

/** Reads the canary plan of a parsed runbook (the tree must carry positions). */
export function readCanaryPlan(tree: Root): RunbookCanary {
  const r = new PlanReader();
  r.walk(tree);
  return r.result();
}

class PlanReader {
  private candidates: Candidate[] = [];
  private dwells: (Dwell & { section: number })[] = [];
  private section = 0;
  private headingText = "";
  private order = 0;
  /** Route items of the current section, collected until the section ends. */
  private routes: (Mention & { order: number })[] = [];
  private annotationLine?: number;

  walk(node: Nodes): void {
    switch (node.type) {
      case "heading":
        this.endSection();
        this.section++;
        this.headingText = phrasing(node.children);
        this.text(this.headingText, line(node));
        return;
      case "paragraph":
      case "tableCell":
        this.text(phrasing(node.children), line(node));
        for (const c of node.children) if (c.type === "html") this.html(c);
        return;
      case "code":
        return this.code(node);
      case "html":
        return this.html(node);
      default:
        if ("children" in node) for (const c of node.children as Nodes[]) this.walk(c);
    }
  }

  result(): RunbookCanary {
    this.endSection();
    const found = this.candidates.filter((c) => c.steps.length > 0);
    const annotation = this.candidates.find((c) => c.kind === "annotation");
    const primary = found.find((c) => c.kind === "annotation") ?? found[0];
    if (!primary) {
      const plan = defaultCanary();
      if (annotation?.dwell) for (const s of plan.steps) setDwell(s, annotation.dwell);
      return plan;
    }
    const plan = this.stepsOf(primary);
    // An annotation with only dwell= sets the dwell of whatever plan the prose states.
    if (annotation?.dwell && annotation.steps.length === 0)
      for (const s of plan) setDwell(s, annotation.dwell);
    const warnings: RunbookCanary["warnings"] = [];
    for (const other of found) {
      if (other === primary) continue;
      const steps = other.steps.map((s) => s.green);
      if (steps.join() !== plan.map((s) => s.green).join()) {
        warnings.push({
          line: other.line,
          message: `the runbook states two different canary plans: ${describe(primary)} at line ${primary.line} and ${describe(other)} at line ${other.line}; golive follows line ${primary.line} — make them agree, or say which with <!-- golive canary steps=… dwell=… --> or canary.steps in the config`,
        });
        continue;
      }
      const theirs = this.stepsOf(other);
      theirs.forEach((s, i) => {
        const mine = plan[i]!;
        if (
          s.dwellFrom.from === "runbook" &&
          mine.dwellFrom.from === "runbook" &&
          s.dwellMinutes !== mine.dwellMinutes
        )
          warnings.push({
            line: s.dwellFrom.line,
            message: `the runbook states two different dwells at ${s.green} %: ${mine.dwellMinutes} min at line ${mine.dwellFrom.line} and ${s.dwellMinutes} min at line ${s.dwellFrom.line}; golive follows line ${mine.dwellFrom.line}`,
          });
      });
    }
    return { steps: plan, warnings: dedupe(warnings) };
  }

  /** A candidate's steps with the dwell the runbook states after each (or for all of them). */
  private stepsOf(c: Candidate): PlanStep[] {
    const all = this.dwells.filter((d) => d.section === c.section);
    const steps: PlanStep[] = c.steps.map((s) => ({
      green: s.green,
      dwellMinutes: DEFAULT_DWELL_MINUTES,
      stepFrom: { from: "runbook", line: s.line, text: s.text },
      dwellFrom: { from: "default" },
    }));
    if (c.dwell) {
      for (const s of steps) setDwell(s, c.dwell);
      return steps;
    }
    if (c.stepDwells?.some(Boolean)) {
      c.stepDwells.forEach((d, i) => {
        const prev = steps[i - 1];
        if (d) setDwell(steps[i]!, d);
        else if (prev)
          Object.assign(steps[i]!, { dwellMinutes: prev.dwellMinutes, dwellFrom: prev.dwellFrom });
      });
      return steps;
    }
    if (all.length === 1) {
      for (const s of steps) setDwell(s, all[0]!);
      return steps;
    }
    if (c.kind === "route items") {
      // Each dwell belongs to the step it follows; a step without one keeps the previous step's.
      c.steps.forEach((s, i) => {
        const until = c.steps[i + 1]?.order ?? Number.POSITIVE_INFINITY;
        const d = all.find((x) => x.order > s.order && x.order < until);
        const prev = steps[i - 1];
        if (d) setDwell(steps[i]!, d);
        else if (prev && prev.dwellFrom.from !== "default") {
          steps[i]!.dwellMinutes = prev.dwellMinutes;
          steps[i]!.dwellFrom = prev.dwellFrom;
        }
      });
      return steps;
    }
    // A list stated once, then one dwell per step in order (e.g. one "Monitor for" item each).
    const after = all.filter((d) => d.order > c.steps[0]!.order);
    const seq = after.length ? after : all;
    steps.forEach((s, i) => {
      const d = seq[Math.min(i, seq.length - 1)];
      if (d) setDwell(s, d);
    });
    return steps;
  }

  private text(text: string, at: number) {
    const order = ++this.order;
    const dwell = DWELL.exec(text);
    const minutes = dwell && !/\bevery\b/i.test(dwell[0]) ? parseDuration(dwell[1]!) : undefined;
    if (minutes !== undefined)
      this.dwells.push({ minutes, line: at, text: dwell![0], order: order + 0.5, section: this.section });
    const lists = [...text.matchAll(PERCENT_LIST)];
    for (const m of lists) {
      const values = [...m[0].matchAll(/(\d{1,3})\s*%/g)].map((v) => Number(v[1]));
      if (isPlan(values) && PLAN_CONTEXT.test(`${text} ${this.headingText}`)) {
        this.candidates.push({
          kind: "percent list",
          line: at,
          section: this.section,
          steps: values.map((green) => ({ green, line: at, text: m[0].trim(), order })),
        });
        return;
      }
    }
    const route = ROUTE.exec(text);
    const all = !route && this.routes.length > 0 && ROUTE_ALL.test(text);
    if (
      (all || (route && (text.match(/%/g) ?? []).length === 1)) &&
      ROUTE_TARGET.test(text) &&
      !ROUTE_AWAY.test(text)
    ) {
      const green = all ? 100 : Number(route![1]);
      const last = this.routes.at(-1);
      if (last && green <= last.green) this.endRoutes();
      this.routes.push({ green, line: at, text: text.trim().slice(0, 80), order });
    }
  }

  private code(c: Code) {
    // Lines as bash reads them: after a lone \r the `sleep` after a call was not on a line of its own.
    const value = codeText(c);
    const calls = value.split(/(?=\bmodify-listener\b)/);
    const steps: (Mention & { order: number })[] = [];
    const stepDwells: (Dwell | undefined)[] = [];
    const start = line(c);
    let offset = 0;
    for (const call of calls) {
      const at = start + 1 + (value.slice(0, offset).match(/\n/g) ?? []).length;
      offset += call.length;
      if (!/^modify-listener\b/.test(call)) continue;
      const green = greenShare(call);
      if (green === undefined) continue;
      steps.push({ green, line: at, text: call.split("\n")[0]!.slice(0, 80), order: ++this.order });
      stepDwells.push(waitAfter(call, at));
    }
    const values = steps.map((s) => s.green);
    if (isPlan(values))
      this.candidates.push({
        kind: "modify-listener",
        line: steps[0]!.line,
        section: this.section,
        steps,
        stepDwells,
      });
  }

  private html(h: Html | (PhrasingContent & { type: "html" })) {
    if (!isGoliveComment(h.value)) return;
    let a: ReturnType<typeof parseAnnotation>;
    try {
      a = parseAnnotation(h.value);
    } catch {
      return; // the runbook parser reports a malformed annotation with its position
    }
    if (a.directive !== "canary" || this.annotationLine !== undefined) return;
    const at = line(h);
    this.annotationLine = at;
    const order = ++this.order;
    this.candidates.push({
      kind: "annotation",
      line: at,
      section: this.section,
      steps: (a.steps ?? []).map((green) => ({ green, line: at, text: h.value.trim(), order })),
      dwell:
        a.dwellMinutes !== undefined
          ? { minutes: a.dwellMinutes, line: at, text: h.value.trim(), order }
          : undefined,
    });
  }

  private endRoutes() {
    const values = this.routes.map((r) => r.green);
    if (isPlan(values))
      this.candidates.push({
        kind: "route items",
        line: this.routes[0]!.line,
        section: this.section,
        steps: this.routes,
      });
    this.routes = [];
  }

  private endSection() {
    this.endRoutes();
  }
}

function setDwell(s: PlanStep, d: Pick<Dwell, "minutes" | "line" | "text">) {
  s.dwellMinutes = d.minutes;
  s.dwellFrom = { from: "runbook", line: d.line, text: d.text } satisfies ValueSource;
}

/** A `sleep 900` or a "# watch for 15 minutes" comment after a modify-listener call. */
function waitAfter(call: string, firstLine: number): Dwell | undefined {
  const lines = call.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    const sleep = /\bsleep\s+(\d+)([smh]?)\b/.exec(l);
    const said = DWELL.exec(l);
    const minutes = sleep
      ? Number(sleep[1]) / ({ s: 60, m: 1, h: 1 / 60 }[sleep[2] || "s"] ?? 60)
      : said && !/\bevery\b/i.test(said[0])
        ? parseDuration(said[1]!)
        : undefined;
    if (minutes !== undefined && minutes > 0)
      return { minutes, line: firstLine + i, text: l.trim().slice(0, 80), order: 0 };
  }
  return undefined;
}

/** At least two steps, rising, ending with all traffic on green. */
function isPlan(values: number[]): boolean {
  return (
    values.length >= 2 &&
    values.every((v, i) => v >= 1 && v <= 100 && (i === 0 || v > values[i - 1]!)) &&
    values.at(-1) === 100
  );
}

/** Green's share in one `modify-listener` call: weighted forward, or a plain forward to green. */
function greenShare(call: string): number | undefined {
  const groups = [...call.matchAll(/\{[^{}]*TargetGroupArn[^{}]*\}/g)].map((m) => {
    const arn = /TargetGroupArn["'\s]*[=:]\s*["']*([^,"'}\s]+)/.exec(m[0])?.[1] ?? "";
    const weight = /Weight["'\s]*[=:]\s*(\d+)/.exec(m[0])?.[1];
    return { arn, weight: weight === undefined ? 1 : Number(weight) };
  });
  if (groups.length === 0) {
    const single = /TargetGroupArn["'\s]*[=:]\s*["']*([^,"'}\s]+)/.exec(call)?.[1];
    if (!single) return undefined;
    return /green/i.test(single) ? 100 : /blue/i.test(single) ? 0 : undefined;
  }
  const green = groups.find((g) => /green/i.test(g.arn)) ?? groups.find((g) => !/blue/i.test(g.arn));
  const total = groups.reduce((s, g) => s + g.weight, 0);
  if (!green || total <= 0) return undefined;
  return Math.round((100 * green.weight) / total);
}

function describe(c: Candidate): string {
  return `${c.steps.map((s) => `${s.green} %`).join(" → ")} (${c.kind})`;
}

function dedupe<T extends { message: string }>(xs: T[]): T[] {
  return xs.filter((x, i) => xs.findIndex((y) => y.message === x.message) === i);
}

function line(n: { position?: { start: { line: number } } }): number {
  return n.position?.start.line ?? 1;
}

function phrasing(nodes: PhrasingContent[]): string {
  let s = "";
  for (const n of nodes) {
    if (n.type === "text" || n.type === "inlineCode") s += n.value;
    else if (n.type === "break") s += "\n";
    else if ("children" in n) s += phrasing(n.children as PhrasingContent[]);
  }
  return s;
}
