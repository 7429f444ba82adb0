/**
 * `golive verify` streams a session file (session/stream-check.ts): it answers only when every check
 * passed, with the count and head the whole-document path gives, and answers nothing for anything
 * that path refuses (which then words the refusal). Each damage below is refused by both: streamed
 * undefined, and `golive verify` NOT VERIFIED.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import { ExitCode } from "../../source/domain/errors.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { nodeDisk } from "../../source/session/disk.js";
import { JournalledSessionFile } from "../../source/session/journal.js";
import { journalFor } from "../../source/session/journal-path.js";
import { streamCheckSession } from "../../source/session/stream-check.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

/** A session of 1 + 80 events: the first 65 compacted into the document, 16 in its journal. */
async function sessionWithJournal() {
  const dir = tempDir("tests-stream-check-");
  const { store } = await newSeedSession(dir);
  for (let i = 0; i < 80; i++)
    await store.append(
      i % 2 ? "note.added" : "item.checked",
      i % 2 ? { text: `n${i}` } : { item: "i1" },
      "lead",
    );
  const doc = readFileSync(store.file, "utf8");
  const journal = readFileSync(journalFor(store.file), "utf8");
  await store.close();
  return { doc, journal, name: store.file.split("/").at(-1)! };
}

async function both(doc: string | Buffer, journal: string, name: string) {
  const dir = tempDir("tests-stream-variant-");
  const file = join(dir, name);
  writeFileSync(file, doc, { mode: 0o600 });
  writeFileSync(journalFor(file), journal, { mode: 0o600 });
  const seen: SessionEvent[] = [];
  const streamed = await streamCheckSession(nodeDisk, file, journalFor(file), (e) => seen.push(e));
  const verify = await golive(["verify", file], { sessions: dir });
  return { file, streamed, seen, verify };
}

/** The document's events, edited, written back in golive's layout; `rechain` recomputes every hash. */
function editDoc(
  doc: string,
  edit: (d: { format: string; id: string; events: Record<string, unknown>[] }) => void,
  rechain = true,
) {
  const d = JSON.parse(doc);
  edit(d);
  if (rechain)
    for (let i = 0; i < d.events.length; i++) {
      d.events[i].prev = i ? d.events[i - 1].hash : "0".repeat(64);
      d.events[i].hash = hashEvent(d.events[i]);
    }
  return `${JSON.stringify(d, null, 1)}\n`;
}

describe("streamCheckSession", () => {
  it("gives the whole-document path's count and head, and every event in order", async () => {
    const s = await sessionWithJournal();
    expect(s.journal.split("\n").length - 1).toBeGreaterThan(0);
    const r = await both(s.doc, s.journal, s.name);
    const whole = (await new JournalledSessionFile(r.file, { recheck: true }).read())!;
    expect(r.streamed).toEqual({ id: whole.id, count: whole.events.length, head: whole.events.at(-1)!.hash });
    expect(r.seen).toEqual(whole.events);
    expect(r.verify.code).toBe(0);
    // A journal line cut short by a crash was never acknowledged: both leave it out.
    const torn = await both(s.doc, `${s.journal}{"seq":`, s.name);
    expect(torn.streamed).toEqual(r.streamed);
  });

  it("answers nothing for whatever the whole-document path refuses", async () => {
    const s = await sessionWithJournal();
    const jl = s.journal.split("\n");
    const last = JSON.parse(jl.at(-2)!);
    last.extra = 1;
    last.hash = hashEvent(last);
    // The document's last event repeated in the journal (a crash mid-compaction does that), with a key
    // no event has: its hash still matches, its shape does not.
    const repeated = { ...JSON.parse(s.doc).events.at(-1), extra: 1 };
    const rechained = (edit: Parameters<typeof editDoc>[1]) => editDoc(s.doc, edit);
    // Rechained documents go without the journal, which would no longer follow them.
    const variants: [string, string, string][] = [
      ["an event edited", s.doc.replace('"text": "n1"', '"text": "n1!"'), s.journal],
      ["a duplicate key", s.doc.replace('"text": "n1"', '"text": "n1",\n    "text": "n1"'), s.journal],
      [
        "an extra key, rechained",
        rechained((d) => {
          d.events[3]!.extra = 1;
        }),
        "",
      ],
      [
        "a time that is not one, rechained",
        rechained((d) => {
          d.events[3]!.at = "not a time";
        }),
        "",
      ],
      [
        "the first event not session.created",
        rechained((d) => {
          d.events[0]!.type = "note.added";
        }),
        "",
      ],
      [
        "the id renamed",
        editDoc(
          s.doc,
          (d) => {
            d.id = "other-id";
          },
          false,
        ),
        s.journal,
      ],
      [
        "the format not the chain's",
        editDoc(
          s.doc,
          (d) => {
            d.format = "golive.session/1";
          },
          false,
        ),
        s.journal,
      ],
      [
        "an event removed, rechained",
        rechained((d) => {
          d.events.splice(5, 1);
        }),
        "",
      ],
      ["a journal line edited", s.doc, s.journal.replace(/"text":"n(\d+)"/, '"text":"x$1"')],
      [
        "a journal line with a duplicate key",
        s.doc,
        s.journal.replace('"by":"lead"', '"by":"mallory","by":"lead"'),
      ],
      [
        "a journal line with an extra key, rehashed",
        s.doc,
        `${[...jl.slice(0, -2), JSON.stringify(last)].join("\n")}\n`,
      ],
      [
        "a journal line repeating an event, with an extra key",
        s.doc,
        `${JSON.stringify(repeated)}\n${s.journal}`,
      ],
      ["a journal line not JSON", s.doc, `${jl[0]}\n{\n${jl.slice(1).join("\n")}`],
      ["a journal line skipping one", s.doc, `${jl.slice(1).join("\n")}`],
      [
        "a journal line repeating an event it differs from",
        s.doc,
        `${jl[0]!.replace(/"seq":\d+/, '"seq":3')}\n${s.journal}`,
      ],
    ];
    for (const [what, doc, journal] of variants) {
      const r = await both(doc, journal, s.name);
      expect(r.streamed, what).toBeUndefined();
      expect(r.verify.code, what).toBe(ExitCode.verifyFailed);
    }
  });

  it("refuses an event hashed as its bytes stand when they are not what JSON.parse gives (read from bytes)", async () => {
    const s = await sessionWithJournal();
    const doc = editDoc(s.doc, (d) => {
      const last = d.events.at(-1)!;
      last.type = "note.added";
      last.data = { text: "MARK" };
    });
    const last = JSON.parse(doc).events.at(-1);
    // The hash an editor would write over the event's bytes copied as they stand.
    const forged = (data: string) =>
      createHash("sha256")
        .update(
          Buffer.concat([
            Buffer.from(`{"at":"${last.at}","by":"${last.by}","data":`),
            Buffer.from(data, "latin1"),
            Buffer.from(`,"prev":"${last.prev}","seq":${last.seq},"type":"note.added"}`),
          ]),
        )
        .digest("hex");
    // The document's own text as UTF-8 around the member's bytes.
    const [before, after] = doc.split('"text": "MARK"') as [string, string];
    const variant = (member: string, data: string) =>
      Buffer.concat([
        Buffer.from(before),
        Buffer.from(member, "latin1"),
        Buffer.from(after.replace(`"hash": "${last.hash}"`, `"hash": "${forged(data)}"`)),
      ]);
    const clean = await both(doc, "", s.name);
    expect(clean.streamed?.count).toBe(last.seq);
    for (const [what, text] of [
      [
        "a duplicate key",
        variant('"text": "hidden",\n    "text": "MARK"', '{"text":"hidden","text":"MARK"}'),
      ],
      ["bytes that are not UTF-8", variant('"text": "M\x80RK"', '{"text":"M\x80RK"}')],
      ["an escape", variant('"text": "M\\u0041RK"', '{"text":"M\\u0041RK"}')],
    ] as const) {
      const r = await both(text, "", s.name);
      expect(r.streamed, what).toBeUndefined();
      expect(r.verify.code, what).toBe(ExitCode.verifyFailed);
    }
  });
});
