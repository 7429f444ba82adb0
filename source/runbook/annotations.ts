/**
 * golive annotations: HTML comments, so the runbook still renders on GitHub.
 *
 *   <!-- golive check <kind> key=value key="a value" -->   binds the checklist item it sits in
 *   <!-- golive canary steps=10,50,100 dwell=10m -->       canary steps and dwell for the session
 *   <!-- golive time T-30m -->                              time marker for the section it sits in
 */
import { CHECK_KINDS, type CheckKind } from "../domain/check-kinds.js";
import { parseDurationExact } from "../domain/time.js";

export type Annotation =
  | { directive: "check"; kind: CheckKind; args: Record<string, string> }
  | { directive: "canary"; steps?: number[]; dwellMinutes?: number }
  | { directive: "time"; marker: string };

const CHECK_ARGS: Record<CheckKind, { required: string[]; optional: string[] }> = {
  command: { required: [], optional: ["timeout"] },
  http: { required: ["url"], optional: ["expect", "timeout"] },
  "ecs-service": { required: ["service"], optional: [] },
  "target-health": { required: ["target"], optional: [] },
  listener: { required: [], optional: ["green"] },
  "k8s-api": { required: [], optional: [] },
  "k8s-nodes": { required: [], optional: [] },
  "k8s-deployments": { required: [], optional: ["namespace", "selector"] },
  "k8s-pods": { required: [], optional: ["namespace", "selector"] },
  "k8s-events": { required: [], optional: ["namespace", "since"] },
  baseline: { required: [], optional: [] },
};

export function isGoliveComment(html: string): boolean {
  return /^<!--\s*golive\b/.test(html.trim());
}

/** Throws an Error whose message says what was expected; the parser adds file:line:col. */
export function parseAnnotation(html: string): Annotation {
  const body = /^<!--\s*golive\b([\s\S]*?)-->\s*$/.exec(html.trim());
  if (!body) throw new Error("expected a golive annotation closed on the same comment: <!-- golive ... -->");
  const words = tokenize(body[1]!.trim());
  const directive = words.shift();
  if (!directive) throw new Error("empty golive annotation; expected check, canary or time");
  const args: Record<string, string> = {};
  const positional: string[] = [];
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq > 0) args[w.slice(0, eq)] = w.slice(eq + 1);
    else positional.push(w);
  }
  switch (directive) {
    case "check": {
      const kind = positional.shift();
      if (!kind || !(CHECK_KINDS as readonly string[]).includes(kind)) {
        throw new Error(`unknown check "${kind ?? ""}"; expected one of: ${CHECK_KINDS.join(", ")}`);
      }
      const spec = CHECK_ARGS[kind as CheckKind];
      for (const r of spec.required) if (!args[r]) throw new Error(`check ${kind} needs ${r}=...`);
      for (const k of Object.keys(args)) {
        if (!spec.required.includes(k) && !spec.optional.includes(k)) {
          const allowed = [...spec.required, ...spec.optional];
          throw new Error(
            `check ${kind} has no argument "${k}"${allowed.length ? `; expected: ${allowed.join(", ")}` : ""}`,
          );
        }
      }
      if (positional.length) throw new Error(`unexpected "${positional[0]}"; arguments are key=value`);
      return { directive: "check", kind: kind as CheckKind, args };
    }
    case "canary": {
      const out: Annotation = { directive: "canary" };
      for (const [k, v] of Object.entries(args)) {
        if (k === "steps") {
          const steps = v.split(",").map((s) => Number(s.trim().replace(/%$/, "")));
          if (!steps.length || steps.some((s) => !Number.isInteger(s) || s < 1 || s > 100)) {
            throw new Error(`canary steps must be percentages 1-100 separated by commas, got "${v}"`);
          }
          if (steps.some((s, i) => i > 0 && s <= steps[i - 1]!) || steps.at(-1) !== 100) {
            throw new Error(`canary steps must rise and end at 100, got "${v}"`);
          }
          out.steps = steps;
        } else if (k === "dwell") {
          const d = parseDurationExact(v);
          if (d === undefined) throw new Error(`canary dwell must be a duration like 10m, got "${v}"`);
          out.dwellMinutes = d;
        } else throw new Error(`canary has no argument "${k}"; expected steps=, dwell=`);
      }
      if (positional.length) throw new Error(`unexpected "${positional[0]}"; arguments are key=value`);
      return out;
    }
    case "time": {
      if (!positional.length) throw new Error("time needs a marker, e.g. <!-- golive time T-30m -->");
      return { directive: "time", marker: positional.join(" ") };
    }
    default:
      throw new Error(`unknown golive annotation "${directive}"; expected check, canary or time`);
  }
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /([^\s"=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of s.matchAll(re)) {
    if (m[1] !== undefined) out.push(`${m[1]}=${m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3]}`);
    else out.push(m[4] !== undefined ? m[4] : m[5]!);
  }
  return out;
}
