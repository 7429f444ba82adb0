/**
 * The oversized and pathological runbooks of the hostile-input issue, generated (none is stored):
 * shared by the chaos suite (each must be refused at `new`, exit 3, file:line, fast and small) and
 * the size bench (time and peak RSS per input class). Also a large *valid* session (10,000 items,
 * 100,000 events) written directly as a chained session document.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { GENESIS, hashEvent } from "../../source/domain/chain.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { SESSION_FORMAT } from "../../source/session/document.js";

export interface HostileRunbook {
  name: string;
  /** What the issue measured on the code before the pre-scan. */
  before: string;
  make(): string;
}

const HEAD = "# Hostile\n\n## Prep (T-30 minutes)\n\n";

export const HOSTILE_RUNBOOKS: HostileRunbook[] = [
  {
    name: "140 KB line of 20,000 blanks",
    before: "58 s (quadratic)",
    make: () => `${HEAD}- [ ] ${"______ ".repeat(20_000)}\n`,
  },
  {
    name: "100,000 items",
    before: "64 s and 2.2 GB on every command",
    make: () => HEAD + Array.from({ length: 100_000 }, (_, i) => `- [ ] item ${i}\n`).join(""),
  },
  {
    name: "2 MB table",
    before: "past 120 s",
    make: () => {
      const rows = ["| Check | Value | Notes |", "|---|---|---|"];
      while (rows.length * 24 < 2 * 1024 * 1024) rows.push(`| r${rows.length} | ___ | x |`);
      return `${HEAD}- [ ] Fill the table\n\n${rows.join("\n")}\n`;
    },
  },
  {
    name: "180 KB of nested emphasis",
    before: "past 120 s",
    make: () => {
      const words: string[] = [];
      // The words joined by spaces, counted as they come (joining on every step took a minute).
      for (let i = 0, joined = 0; joined < 180 * 1024; i++) {
        words.push(i % 2 ? `**b${i}` : `*a${i}`);
        joined += words.at(-1)!.length + (i > 0 ? 1 : 0);
      }
      // One paragraph, wrapped at 80 columns so no single line is over any line limit.
      const lines: string[] = [];
      let cur = "";
      for (const w of words) {
        if (cur.length + w.length > 80) {
          lines.push(cur);
          cur = "";
        }
        cur += `${w} `;
      }
      lines.push(cur);
      return `${HEAD}- [ ] Read this\n\n${lines.join("\n")}\n`;
    },
  },
  {
    name: "100k blank lines",
    before: "past 120 s",
    make: () => `${HEAD}- [ ] a${"\n".repeat(100_000)}- [ ] b\n`,
  },
  {
    name: "10,001 items (under the size limit)",
    before: "(the item limit)",
    make: () => HEAD + Array.from({ length: 10_001 }, (_, i) => `- [ ] ${i}\n`).join(""),
  },
  {
    name: "2,001-row table (under the size limit)",
    before: "(the row limit)",
    make: () => `${HEAD}| a | b |\n|---|---|\n${"| x | ___ |\n".repeat(2_001)}`,
  },
  {
    name: "brackets 200 KB",
    before: "(not measured)",
    make: () => `${HEAD}- [ ] x\n\n${"[a](".repeat(2_000)}\n${"[[[[ ".repeat(10_000)}\n`,
  },
  {
    name: "nesting 500 deep",
    before: "(not measured)",
    make: () => HEAD + Array.from({ length: 500 }, (_, i) => `${"  ".repeat(i)}- [ ] level ${i}\n`).join(""),
  },
];

/** A valid runbook of `items` checklist items (each with a blank every tenth), in 100 sections. */
export function largeRunbook(items: number): string {
  const out = ["# Large go-live", ""];
  for (let i = 0; i < items; i++) {
    if (i % 100 === 0) out.push("", `## Phase ${i / 100 + 1} (T+${i / 100} minutes)`, "");
    out.push(i % 10 === 0 ? `- [ ] Step ${i}: value ________` : `- [ ] Step ${i}`);
  }
  return `${out.join("\n")}\n`;
}

/**
 * Writes a session of `events` chained events over `runbook` (ticks, values and notes) straight to
 * disk, as golive would have after a long go-live; returns its file.
 */
export function writeLargeSession(dir: string, runbook: string, items: number, events: number): string {
  const id = "20261123-1200-large-0001";
  const all: SessionEvent[] = [];
  let prev = GENESIS;
  const push = (e: Omit<SessionEvent, "prev" | "hash">) => {
    const withPrev = { ...e, prev } as SessionEvent;
    const sealed = { ...withPrev, hash: hashEvent(withPrev) } as SessionEvent;
    all.push(sealed);
    prev = sealed.hash;
  };
  const at = (n: number) => new Date(Date.parse("2026-11-23T11:00:00Z") + n * 100).toISOString();
  push({
    seq: 1,
    at: at(0),
    by: "lead",
    type: "session.created",
    data: {
      id,
      runbook: { file: "large.md", sha256: "0".repeat(64), title: "Large go-live", text: runbook },
      t0: "2026-11-23T12:00:00.000Z",
      lead: "lead",
      format: SESSION_FORMAT,
    },
  } as never);
  for (let n = 2; n <= events; n++) {
    const k = n % 3;
    const item = `i${1 + (n % items)}`;
    push({
      seq: n,
      at: at(n),
      by: "ann",
      type: k === 0 ? "item.checked" : k === 1 ? "note.added" : "field.recorded",
      data:
        k === 0
          ? { item }
          : k === 1
            ? { text: `note ${n}` }
            : { field: `f${1 + (n % Math.max(1, items / 10))}`, value: `${n}`, source: "manual" },
    } as never);
  }
  const file = join(dir, `${id}.json`);
  writeFileSync(file, JSON.stringify({ format: SESSION_FORMAT, id, events: all }), { mode: 0o600 });
  return file;
}
