/**
 * session/load.ts on session files in a temp directory (no golive process): `recheck` trusts
 * nothing; otherwise bytes checked a moment ago by the listing are handed over once, as their own
 * copy, and bytes a marker says were checked are only parsed and bound to their chain. Each path is
 * told apart by what it gives for a document whose chain is broken but whose marker vouches for it,
 * and by how many bytes it reads.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import { InputError } from "../../source/domain/errors.js";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { loadSchemas } from "../../source/session/document.js";
import { loadDocument, readRaw, wholeText } from "../../source/session/load.js";
import { identityOf } from "../../source/session/read-doc.js";
import { rememberVerified, setVerifiedBuild, textDigest } from "../../source/session/verified.js";
import { tempDir } from "../helpers/paths.js";

const AT = "2026-11-23T12:00:00.000Z";
/** A valid session document of `n` notes after session.created, in golive's layout (or `indent`). */
function docText(id: string, n: number, indent = 1): string {
  const events: Record<string, unknown>[] = [];
  const data = {
    id,
    runbook: { file: "r.md", sha256: "a".repeat(64), title: "R", text: "" },
    t0: AT,
    lead: "lead",
    format: "golive.session/2",
  };
  for (let i = 0; i <= n; i++) {
    const e: Record<string, unknown> = {
      seq: i + 1,
      at: AT,
      by: "lead",
      type: i ? "note.added" : "session.created",
      data: i ? { text: `n${i}` } : data,
      prev: i ? events[i - 1]!.hash : "0".repeat(64),
    };
    e.hash = hashEvent(e);
    events.push(e);
  }
  return `${JSON.stringify({ format: "golive.session/2", id, events }, null, indent)}\n`;
}

/** nodeDisk, counting the bytes read through the handles it opens. */
function countingDisk() {
  const c = { bytes: 0, open: 0 };
  const disk: Disk = {
    ...nodeDisk,
    async open(p, flags, mode) {
      const fh = await nodeDisk.open(p, flags, mode);
      c.open++;
      const close = fh.close.bind(fh);
      fh.close = async () => {
        c.open--;
        await close();
      };
      const read = fh.read.bind(fh) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
      (fh as { read: unknown }).read = async (...a: unknown[]) => {
        const r = await read(...a);
        c.bytes += r.bytesRead;
        return r;
      };
      return fh;
    },
  };
  return { disk, c };
}

let dirN = 0;
const written = (text: string, name = `s${dirN++}.json`) => {
  const file = join(tempDir("load-doc-"), name);
  writeFileSync(file, text);
  return file;
};
const off = { recheck: false, persist: false };

beforeAll(() => loadSchemas());
afterEach(() => setVerifiedBuild(undefined));

describe("loadDocument", () => {
  it("checks a document once, hands the listing's parse over once as its own copy, then reads again", async () => {
    const text = docText("s-a", 3);
    const file = written(text);
    const { disk, c } = countingDisk();
    const first = await loadDocument(disk, file, off);
    expect(first.doc.id).toBe("s-a");
    expect(first.doc.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(first.id.size).toBe(text.length);
    first.doc.events.push(first.doc.events[0]!);
    c.bytes = 0;
    // Taken from the parse kept: the digest's read only, and not the array the caller changed.
    const second = await loadDocument(disk, file, off);
    expect(c.bytes).toBe(text.length);
    expect(second.doc.events).toHaveLength(4);
    c.bytes = 0;
    // Taken once: now parsed again (checked in memory before, so not checked again).
    const third = await loadDocument(disk, file, off);
    // The digest's read and one in pieces (golive's layout: never the whole text besides).
    expect(c.bytes).toBe(2 * text.length);
    expect(c.open).toBe(0);
    expect(third.doc.events).not.toBe(second.doc.events);
    expect(third.doc.events).toHaveLength(4);
  });

  it("keeps the last four parses only", async () => {
    const files = Array.from({ length: 5 }, (_, i) => written(docText(`s-k${i}`, 1)));
    const { disk, c } = countingDisk();
    for (const f of files) await loadDocument(disk, f, off);
    const sizes = files.map((f) => readFileSync(f).length);
    c.bytes = 0;
    await loadDocument(disk, files[4]!, off);
    expect(c.bytes).toBe(sizes[4]);
    c.bytes = 0;
    await loadDocument(disk, files[1]!, off);
    expect(c.bytes).toBe(sizes[1]);
    c.bytes = 0;
    await loadDocument(disk, files[0]!, off);
    expect(c.bytes).toBe(2 * sizes[0]!);
  });

  it("trusts a marker of this build: a broken chain is only parsed and bound; recheck refuses it", async () => {
    setVerifiedBuild("test-build");
    const broken = docText("s-m", 2).replace('"text": "n1"', '"text": "n1!"');
    const file = written(broken);
    await expect(loadDocument(nodeDisk, file, off)).rejects.toThrow(InputError);
    rememberVerified(file, textDigest(broken), true);
    const trusted = await loadDocument(nodeDisk, file, off);
    expect((trusted.doc.events[1]!.data as { text: string }).text).toBe("n1!");
    await expect(loadDocument(nodeDisk, file, { recheck: true, persist: false })).rejects.toThrow(InputError);
  });

  it("leaves the marker for a writer only, on either path", async () => {
    setVerifiedBuild("test-build");
    const text = docText("s-p", 1);
    const marker = (f: string) => {
      try {
        return readFileSync(join(f, "..", ".cache", `verified-${f.split("/").at(-1)}`), "utf8");
      } catch {
        return undefined;
      }
    };
    const viewer = written(text);
    await loadDocument(nodeDisk, viewer, off);
    expect(marker(viewer)).toBeUndefined();
    // The listing's parse handed to a viewer leaves none either.
    const other = written(text);
    await loadDocument(nodeDisk, other, off);
    await loadDocument(nodeDisk, other, off);
    expect(marker(other)).toBeUndefined();
    // The listing's parse handed to a writer.
    await loadDocument(nodeDisk, viewer, { recheck: false, persist: true });
    expect(marker(viewer)).toBe(`${textDigest(text)} test-build\n`);
    const writer = written(text);
    await loadDocument(nodeDisk, writer, { recheck: false, persist: true });
    expect(marker(writer)).toBe(`${textDigest(text)} test-build\n`);
  });

  it("recheck: takes what verify parsed while the file is the same, else reads it", async () => {
    const text = docText("s-r", 3);
    const file = written(text);
    const fh = await nodeDisk.open(file, 0);
    const id = await identityOf(fh);
    await fh.close();
    // What verify parsed: the first two events only (still a whole chain), to see which was used.
    const raw = JSON.parse(text);
    raw.events = raw.events.slice(0, 2);
    const o = { recheck: true, persist: false };
    expect((await loadDocument(nodeDisk, file, { ...o, known: { raw, id } })).doc.events).toHaveLength(2);
    const moved = { ...id, size: id.size + 1 };
    expect((await loadDocument(nodeDisk, file, { ...o, known: { raw, id: moved } })).doc.events).toHaveLength(
      4,
    );
    expect((await loadDocument(nodeDisk, file, o)).doc.events).toHaveLength(4);
  });

  it("refuses a duplicate key in golive's own layout unless a marker vouches for the bytes", async () => {
    const text = docText("s-d", 2).replace('"text": "n1"', '"text": "hidden",\n    "text": "n1"');
    const file = written(text);
    await expect(loadDocument(nodeDisk, file, { recheck: true, persist: false })).rejects.toThrow(
      /the key "text" appears twice/,
    );
    await expect(loadDocument(nodeDisk, file, off)).rejects.toThrow(/the key "text" appears twice/);
  });
});

describe("readRaw and wholeText", () => {
  it("another layout is parsed whole; a duplicate key refused only when keys are scanned", async () => {
    const text = docText("s-w", 1, 2).replace('"text": "n1"', '"text": "x",\n        "text": "n1"');
    const file = written(text);
    const fh = await nodeDisk.open(file, 0);
    try {
      const id = await identityOf(fh);
      const raw = (await readRaw(fh, file, id, false)) as { events: { data: { text?: string } }[] };
      expect(raw.events[1]!.data.text).toBe("n1");
      await expect(readRaw(fh, file, id, true)).rejects.toThrow(
        `${file}:32:9: the key "text" appears twice in one object`,
      );
      const e = await readRaw(fh, file, { ...id, mtimeMs: id.mtimeMs + 1 }, false).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).message).toBe(`${file}: changed while it was being read`);
      expect((e as InputError).hint).toBe("read it again");
      expect(await wholeText(fh, id.size)).toBe(text);
      // Asked for more than the file holds: what it holds.
      expect(await wholeText(fh, id.size + 10)).toBe(text);
    } finally {
      await fh.close();
    }
  });

  it("wholeText reads on until the size, whatever each read gives", async () => {
    const text = "é".repeat(100);
    let calls = 0;
    const fh = {
      read: async (buf: Buffer, off: number, len: number, pos: number) => {
        calls++;
        const n = Math.min(7, len);
        return { bytesRead: Buffer.from(text).copy(buf, off, pos, pos + n) };
      },
    };
    expect(await wholeText(fh as never, Buffer.byteLength(text))).toBe(text);
    expect(calls).toBe(Math.ceil(200 / 7));
  });
});
