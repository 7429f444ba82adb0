/**
 * `golive verify` streams a JSON export (session/stream-check.ts streamCheckExport): its session is
 * checked event by event as a session file is, and the record's head, event count and step verdicts
 * are compared as the whole-file path compares them. It answers only when every check passed, with
 * the report the whole-file path gives; any edited record is refused (the whole-file path words it).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../source/domain/events.js";
import { nodeDisk } from "../../source/session/disk.js";
import { streamCheckExport } from "../../source/session/stream-check.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

async function exported() {
  const dir = tempDir("stream-export-");
  const { store } = await newSeedSession(dir);
  for (let i = 0; i < 20; i++) await store.append("note.added", { text: `n${i} "q"\n` }, "lead");
  await store.close();
  const r = await golive(["export", "--format", "json", "--out", "-"], { sessions: dir });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

function written(text: string, name = "record.json"): string {
  const file = join(tempDir("stream-export-variant-"), name);
  writeFileSync(file, text);
  return file;
}

const verify = (file: string) => golive(["verify", "--json", file]);

describe("verify of a JSON export, streamed", () => {
  it("gives the whole-file path's count, head and report, with every event in order", async () => {
    const text = await exported();
    const file = written(text);
    const seen: SessionEvent[] = [];
    const x = await streamCheckExport(nodeDisk, file, (e) => seen.push(e));
    const record = JSON.parse(text);
    expect(x?.count).toBe(record.eventCount);
    expect(x?.head).toBe(record.head);
    expect(seen.map((e) => e.seq)).toEqual(record.session.events.map((e: SessionEvent) => e.seq));
    // The same record in another layout takes the whole-file path: the same report.
    const other = written(`${JSON.stringify(record, null, 2)}\n`);
    expect(await streamCheckExport(nodeDisk, other, () => {})).toBeUndefined();
    const [a, b] = [await verify(file), await verify(other)];
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect({ ...JSON.parse(a.stdout), file: "" }).toEqual({ ...JSON.parse(b.stdout), file: "" });
  });

  it("refuses a record whose count, head or steps were edited, or whose events were", async () => {
    const text = await exported();
    const record = JSON.parse(text);
    const edits: [string, string][] = [
      [
        text.replace(`"eventCount": ${record.eventCount}`, `"eventCount": ${record.eventCount + 1}`),
        "events but holds",
      ],
      [
        text.replace(`"head": "${record.head}"`, `"head": "${"0".repeat(64)}"`),
        "is not its last event's hash",
      ],
      [text.replace('"steps": []', '"steps": [\n  {}\n ]'), "step verdicts"],
      [text.replace('"text": "n7 \\"q\\"\\n"', '"text": "n7 \\"Q\\"\\n"'), ""],
    ];
    for (const [edited, says] of edits) {
      expect(edited).not.toBe(text);
      const v = await verify(written(edited));
      expect(v.code, edited.slice(0, 300)).toBe(5);
      expect(JSON.parse(v.stdout).ok).toBe(false);
      expect(JSON.parse(v.stdout).problem).toContain(says);
    }
  });
});
