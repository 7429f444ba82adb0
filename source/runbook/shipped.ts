/**
 * `golive demo` parses the runbook it ships before its first frame: micromark, a third of a megabyte
 * of bundle, was most of the demo's CPU before anything was drawn (bench/RESULTS.md §0t). The parse
 * is a pure function of the text, its file name and golive's code, so the build parses each shipped
 * checklist once (scripts/build.mjs, `shippedParses`) into dist/shipped-runbooks.json, and a demo on
 * exactly that text, under that name, by that build, reads it. Anything else parses, as before.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { redactByRules, rulesLeaveAlone } from "../domain/redact.js";
import type { Runbook } from "../domain/runbook.js";
import { readRunbookFile } from "./read.js";

/** The bundle's own content hash (scripts/build.mjs); undefined when running from source (tests). */
declare const __GOLIVE_BUILD__: string | undefined;
const BUILD = typeof __GOLIVE_BUILD__ === "string" ? __GOLIVE_BUILD__ : undefined;

/** The runbooks golive ships, by the name `golive demo --runbook` takes. */
export const SHIPPED = ["deployment", "go-live"];
export const SHIPPED_PARSES = "shipped-runbooks.json";

type Parses = {
  build?: string;
  /** `rulesClean`: the redaction rules leave the text as it is (domain/redact.ts, rulesLeaveAlone). */
  runbooks?: Record<string, { file: string; runbook: Runbook; rulesClean?: boolean }>;
};

/** The build's parse of this text under this name (in `dir`, golive's dist/), else the parser's. */
export async function parseShippedOr(
  file: string,
  text: string,
  sha256: string,
  dir: string,
  build = BUILD,
): Promise<Runbook> {
  if (build) {
    try {
      const all = JSON.parse(await readFile(join(dir, SHIPPED_PARSES), "utf8")) as Parses;
      const kept = all.build === build ? all.runbooks?.[sha256] : undefined;
      if (kept?.file === file) {
        // The session stores this text redacted: what the build found, redact need not find again.
        if (kept.rulesClean === true) rulesLeaveAlone(text);
        return kept.runbook;
      }
    } catch {
      // not built with them, or damaged: parse
    }
  }
  const { parseRunbook } = await import("./parse.js");
  return parseRunbook(file, text, sha256);
}

/** For the build: each shipped checklist parsed under the name the demo gives it. */
export async function shippedParses(root: string, build: string): Promise<Parses> {
  const { parseRunbook } = await import("./parse.js");
  const runbooks: NonNullable<Parses["runbooks"]> = {};
  for (const name of SHIPPED) {
    const file = `checklists/${name}.md`;
    const { text, sha256 } = await readRunbookFile(join(root, file), file);
    runbooks[sha256] = {
      file,
      runbook: parseRunbook(file, text, sha256),
      rulesClean: redactByRules(text) === text,
    };
  }
  return { build, runbooks };
}
