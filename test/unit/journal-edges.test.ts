/**
 * session/journal.ts where journal-disk.test.ts does not go: a read whose files never stop moving,
 * a document or journal that can no longer be looked at (a stat failing other than ENOENT: root
 * gets no EACCES, so a path component turned into a file and a symlink loop stand in for it), and
 * the writer's open from the kept state. Real files in a temp directory, chains built in memory.
 */
import {
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionEvent } from "../../source/domain/events.js";
import { SESSION_FORMAT, type SessionDocument } from "../../source/session/document.js";
import { documentText, JournalledSessionFile } from "../../source/session/journal.js";
import { rememberState } from "../../source/session/state-cache.js";
import { rememberVerified, setVerifiedBuild } from "../../source/session/verified.js";
import { onOpen } from "../helpers/disk-open.js";
import { tempDir } from "../helpers/paths.js";
import { CREATED, chain, note, type Spec, sha } from "../helpers/state-cache-chain.js";

afterEach(() => setVerifiedBuild(undefined));

const docOf = (events: SessionEvent[]) =>
  ({ format: SESSION_FORMAT, id: "s-1", events: [...events] }) as SessionDocument;
/** A session of today's format: its first event says so. */
const STARTED: Spec = ["session.created", { ...CREATED[1], format: SESSION_FORMAT }];

/** A writer's session: the document made with `events`, then one more event appended to its journal. */
async function appended(dir = tempDir("journal-edges-")) {
  const file = join(dir, "s.json");
  const [first, ...rest] = chain([STARTED, note("a"), note("b")]);
  const j = new JournalledSessionFile(file);
  const doc = docOf([first!]);
  await j.write(doc);
  doc.events.push(rest[0]!);
  await j.write(doc);
  return { file, journal: `${file}.journal`, j, doc, more: rest[1]! };
}

describe("a read while the files move", () => {
  it("a whole read whose files never stop moving is believed after eight reads, not read for ever", async () => {
    const { file, journal, j, doc } = await appended();
    await j.close();
    // A writer that never pauses: every read is whole, but the journal's time moves under each one.
    let opens = 0;
    const moving = onOpen(journal, (n) => {
      opens = n;
      utimesSync(journal, n, n);
    });
    const read = await new JournalledSessionFile(file, { disk: moving }).read();
    expect(opens).toBe(8);
    expect(read?.events).toEqual(doc.events);
  });
});

describe("a file that can no longer be looked at", () => {
  it("a document whose directory became a file is a storage failure of the document, not a deletion", async () => {
    const root = tempDir("journal-edges-");
    const dir = join(root, "sessions");
    mkdirSync(dir);
    const { file, j, doc, more } = await appended(dir);
    renameSync(dir, join(root, "moved"));
    writeFileSync(dir, "");
    doc.events.push(more);
    const said = `could not read ${file}: a path component is not a directory (ENOTDIR)`;
    await expect(j.write(doc)).rejects.toThrow(said);
    await expect(j.compact(doc)).rejects.toThrow(said);
    await j.close();
  });

  it("a journal that became a symlink loop is refused as it is (ELOOP), not as deleted", async () => {
    const { journal, j, doc, more } = await appended();
    rmSync(journal);
    symlinkSync(basename(journal), journal);
    doc.events.push(more);
    const err = await j.write(doc).catch((e) => e);
    expect(err).toMatchObject({ code: "ELOOP" });
    expect(String(err.message)).not.toContain("was deleted");
    await j.close();
  });
});

describe("a journal deleted before a writer's first append", () => {
  it("a journal it read (none opened for writing yet) deleted: refused, never a new journal after the gap", async () => {
    const { file, journal, j, doc, more } = await appended();
    await j.close();
    // Another writer (after this one's lock) opens the session: it knows the journal's bytes but has
    // no handle on it yet. The journal holds an acknowledged event; losing it must not go unnoticed.
    const w = new JournalledSessionFile(file);
    await w.read();
    rmSync(journal);
    doc.events.push(more);
    await expect(w.write(doc)).rejects.toThrow(`${journal} was deleted by something other than this golive`);
    expect(() => statSync(journal)).toThrow();
    await w.close();
  });
});

describe("the writer's open from the kept state", () => {
  /** A document whose state a writer of build b1 kept, and its checked marker. */
  function kept() {
    setVerifiedBuild("b1");
    const events = chain([STARTED, note("a"), note("b")]);
    const file = join(tempDir("journal-edges-"), "s.json");
    const text = documentText(docOf(events));
    writeFileSync(file, text);
    rememberState(file, sha(text), Buffer.byteLength(text), events);
    rememberVerified(file, sha(text));
    return { file, events };
  }

  it("only when asked: the state comes from the kept state and the journal is not read", async () => {
    const { file, events } = kept();
    let opens = 0;
    const counting = onOpen(`${file}.journal`, () => opens++);
    const plain = new JournalledSessionFile(file, { disk: counting });
    expect((await plain.read())?.events).toEqual(events);
    expect(plain.keptState).toBeUndefined();
    expect(opens).toBe(1);

    const fromKept = new JournalledSessionFile(file, { disk: counting, kept: true });
    const doc = await fromKept.read();
    expect(fromKept.keptState?.id).toBe("s-1");
    expect(opens).toBe(1);
    expect(doc?.events).toEqual(events);
  });

  it("appends after the kept head to the journal alone: the document is not rewritten", async () => {
    const { file, events } = kept();
    const ino = statSync(file).ino;
    const j = new JournalledSessionFile(file, { kept: true });
    const doc = (await j.read())!;
    const [more] = chain([note("c")], events.at(-1));
    doc.events.push(more!);
    await j.write(doc);
    await j.close();
    expect(statSync(file).ino).toBe(ino);
    expect(readFileSync(`${file}.journal`, "utf8")).toBe(`${JSON.stringify(more)}\n`);
  });
});
