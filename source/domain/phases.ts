/** The timeline's phases: sections with their own time marker, and where an item sits in the outline. */
import type { CodeBlock } from "./code-block.js";
import type { Field, Item, Runbook, Section } from "./runbook.js";

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

/**
 * A runbook is never changed after it is parsed, and its phases are asked for on every cockpit frame
 * (the timeline, the Go / No-Go criteria): worked out once per runbook object.
 */
const phasesByRunbook = new WeakMap<Runbook, Phase[]>();

export function phasesOf(rb: Runbook): Phase[] {
  let phases = phasesByRunbook.get(rb);
  if (!phases) {
    phases = phasesFrom(rb);
    phasesByRunbook.set(rb, phases);
  }
  return phases;
}

function phasesFrom(rb: Runbook): Phase[] {
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
