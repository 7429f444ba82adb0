/**
 * The runbook's outline: sections numbered as the reader sees them (1, 1.2, 1.2.1) with stable,
 * unique slugs as ids, and the stack of open sections a new block belongs to.
 */
import type { Position, Section } from "../domain/runbook.js";

export class Outline {
  readonly sections: Section[] = [];
  private stack: Section[] = [];
  private numbers: number[] = [];
  private slugs = new Map<string, number>();
  private ids = new Set<string>();

  get current(): Section {
    return this.stack.at(-1)!;
  }

  add(title: string, depth: number, position: Position): Section {
    while (this.stack.length && this.stack.at(-1)!.depth >= depth) this.stack.pop();
    const level = this.stack.length;
    this.numbers.length = level + 1;
    this.numbers[level] = (this.numbers[level] ?? 0) + 1;
    const base =
      title
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s-]/gu, "")
        .trim()
        .replace(/\s+/g, "-") || "section";
    // "Verify", "Verify" and "Verify 1" would all want "verify-1": a taken id moves on.
    let seen = this.slugs.get(base) ?? 0;
    let id = seen ? `${base}-${seen}` : base;
    while (this.ids.has(id)) id = `${base}-${++seen}`;
    this.slugs.set(base, seen + 1);
    this.ids.add(id);
    const s: Section = {
      id,
      number: this.numbers.map((n) => n ?? 1).join("."),
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
}
