/**
 * session/fallback.ts in a temp directory (milliseconds): where a record the session could not take
 * goes (the session's directory, else the user's state directory, never a temp directory), how it
 * is written (appended, fsynced, its directory fsynced when the file is new) and read back (complete
 * lines only, each with a stable id).
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { fallbackFiles, readFallbacks, stateDir, writeFallback } from "../../source/session/fallback.js";
import { mergeFallbacks } from "../../source/session/fallback-merge.js";
import { tempDir } from "../helpers/paths.js";

describe("stateDir and fallbackFiles", () => {
  it("$XDG_STATE_HOME when absolute, else $HOME's (or the account's) .local/state", () => {
    expect(stateDir({ XDG_STATE_HOME: "/x/state", HOME: "/h" })).toBe("/x/state/golive");
    expect(stateDir({ XDG_STATE_HOME: "rel/state", HOME: "/h" })).toBe("/h/.local/state/golive");
    expect(stateDir({ HOME: "/h" })).toBe("/h/.local/state/golive");
    expect(stateDir({ HOME: "" })).toBe(join(homedir(), ".local", "state", "golive"));
    expect(fallbackFiles("/s/dir/a.json", "s-1", { XDG_STATE_HOME: "/x" })).toEqual([
      "/s/dir/s-1.fallback.jsonl",
      "/x/golive/s-1.fallback.jsonl",
    ]);
  });
});

const AT = "2026-11-23T12:00:00.000Z";
const record = { session: "s-1", type: "note.added", data: { text: "t" }, by: "ann", at: AT };

/** nodeDisk, noting each fsync of a file or a directory. */
function watchedDisk(open?: Disk["open"]) {
  const synced: string[] = [];
  const disk: Disk = {
    ...nodeDisk,
    open: open ?? nodeDisk.open,
    async syncFile(fh, path) {
      synced.push(`file ${path}`);
      await nodeDisk.syncFile(fh, path);
    },
    async syncDir(dir) {
      synced.push(`dir ${dir}`);
    },
  };
  return { disk, synced };
}

describe("writeFallback", () => {
  it("appends a line to the first location that takes it, 0600, fsynced, its directory too when new", async () => {
    const dir = tempDir("fallback-");
    writeFileSync(join(dir, "plain"), "");
    const blocked = join(dir, "plain", "s-1.fallback.jsonl");
    const ok = join(dir, "state", "s-1.fallback.jsonl");
    const { disk, synced } = watchedDisk();
    expect(await writeFallback([blocked, ok], record, disk)).toBe(ok);
    expect(await writeFallback([ok], { ...record, by: "bob" }, disk)).toBe(ok);
    expect((await readFallbacks([ok])).map((p) => p.record)).toEqual([record, { ...record, by: "bob" }]);
    expect(statSync(ok).mode & 0o777).toBe(0o600);
    expect(synced).toEqual([`file ${ok}`, `dir ${join(dir, "state")}`, `file ${ok}`]);
  });

  it("never writes through a symbolic link planted at a location", async () => {
    const dir = tempDir("fallback-");
    const target = join(dir, "elsewhere");
    writeFileSync(target, "");
    const planted = join(dir, "s-1.fallback.jsonl");
    symlinkSync(target, planted);
    const next = join(dir, "state", "s-1.fallback.jsonl");
    expect(await writeFallback([planted, next], record)).toBe(next);
    expect(readFileSync(target, "utf8")).toBe("");
  });

  it("nowhere: says where and why, by error code or else message", async () => {
    const dir = tempDir("fallback-");
    writeFileSync(join(dir, "plain"), "");
    const a = join(dir, "plain", "a.jsonl");
    await expect(writeFallback([a, join(dir, "plain", "b.jsonl")], record)).rejects.toThrow(
      `could not write the note.added record anywhere (${a}: EEXIST; ${join(dir, "plain", "b.jsonl")}: EEXIST)`,
    );
    const { disk } = watchedDisk(async () => {
      throw new Error("no room");
    });
    const c = join(dir, "c.jsonl");
    await expect(writeFallback([c], record, disk)).rejects.toThrow(
      `could not write the note.added record anywhere (${c}: no room)`,
    );
  });

  it("closes the file when its write or fsync fails", async () => {
    const dir = tempDir("fallback-");
    let closed = 0;
    const disk: Disk = {
      ...nodeDisk,
      async open(p, f, m) {
        const fh = await nodeDisk.open(p, f, m);
        const close = fh.close.bind(fh);
        fh.close = async () => {
          closed++;
          await close();
        };
        return fh;
      },
      syncFile: async () => {
        throw Object.assign(new Error("io"), { code: "EIO" });
      },
    };
    const f = join(dir, "d.jsonl");
    await expect(writeFallback([f], record, disk)).rejects.toThrow(`(${f}: EIO)`);
    expect(closed).toBe(1);
  });
});

describe("readFallbacks", () => {
  it("every complete line of each file in order, with its number and a stable id; a bad line says why", async () => {
    const dir = tempDir("fallback-");
    const a = join(dir, "a.jsonl");
    const b = join(dir, "b.jsonl");
    const line = JSON.stringify(record);
    writeFileSync(a, `${line}\n\n  \n{bad\n${line.replace("ann", "bob")}\n{"cut`);
    writeFileSync(b, `${line}\n`);
    const id = (l: string) => createHash("sha256").update(l).digest("hex").slice(0, 32);
    const got = await readFallbacks([join(dir, "missing.jsonl"), a, b]);
    expect(got.map(({ file, line: n, id: i }) => [file, n, i])).toEqual([
      [a, 1, id(line)],
      [a, 4, id("{bad")],
      [a, 5, id(line.replace("ann", "bob"))],
      [b, 1, id(line)],
    ]);
    expect(got[0]!.record).toEqual(record);
    expect(got[0]!.problem).toBeUndefined();
    expect(got[1]!.record).toBeUndefined();
    let parseError = "";
    try {
      JSON.parse("{bad");
    } catch (e) {
      parseError = (e as Error).message;
    }
    expect(got[1]!.problem).toBe(parseError);
    expect(await readFallbacks([])).toEqual([]);
  });
});

describe("mergeFallbacks", () => {
  /** A store in memory recording what it is asked to append. */
  const storeOf = (file: string, merged: string[] = []) => {
    const appended: unknown[][] = [];
    const store = {
      file,
      id: "s-1",
      events: merged.map((record) => ({ merged: { record } })).concat([{}] as never[]),
      append: async (...a: unknown[]) => {
        appended.push(a);
      },
    };
    return { store, appended };
  };

  it("each pending record once, in order, marked with its file and line; anything else as a note quoting it", async () => {
    const dir = tempDir("fallback-merge-");
    const file = join(dir, "s.json");
    const [local] = fallbackFiles(file, "s-1", { XDG_STATE_HOME: join(dir, "xdg") });
    const lines = [
      record,
      { ...record, session: "s-2" },
      { session: "s-1", type: "bogus.type", data: {} },
      { ...record, data: null },
      { ...record, data: "text" },
      { session: "s-1", type: "item.checked", data: { item: "i1" } },
    ].map((r) => JSON.stringify(r));
    writeFileSync(local!, `${[...lines, "{bad"].join("\n")}\n`);
    const pending = await readFallbacks([local!]);
    const ids = pending.map((p) => p.id);
    const { store, appended } = storeOf(file, [ids[5]!]);
    await mergeFallbacks(store as never, { XDG_STATE_HOME: join(dir, "xdg") });
    const m = (n: number, at = record.at) => ({ merged: { from: `${local}:${n}`, at, record: ids[n - 1] } });
    const note = (n: number, why: string, r: unknown) => [
      "note.added",
      { text: `fallback record ${local}:${n} could not be merged as it was (${why}): ${JSON.stringify(r)}` },
      "golive",
      m(n, (r as { at?: string } | null)?.at ?? "unknown"),
    ];
    expect(appended).toEqual([
      ["note.added", record.data, "ann", m(1)],
      note(3, 'type "bogus.type"', JSON.parse(lines[2]!)),
      note(4, 'type "note.added"', JSON.parse(lines[3]!)),
      note(5, 'type "note.added"', JSON.parse(lines[4]!)),
      note(7, pending[6]!.problem!, null),
    ]);
    expect(() => statSync(local!)).toThrow();
  });

  it("a line that is JSON but no object (a damaged file's `null`) is quoted in a note, not a failed merge", async () => {
    const dir = tempDir("fallback-merge-");
    const file = join(dir, "s.json");
    const env = { XDG_STATE_HOME: join(dir, "xdg") };
    const [local] = fallbackFiles(file, "s-1", env);
    writeFileSync(local!, `null\n${JSON.stringify(record)}\n`);
    const [first] = await readFallbacks([local!]);
    const { store, appended } = storeOf(file);
    await mergeFallbacks(store as never, env);
    expect(appended).toEqual([
      [
        "note.added",
        { text: `fallback record ${local}:1 could not be merged as it was (type undefined): null` },
        "golive",
        { merged: { from: `${local}:1`, at: "unknown", record: first!.id } },
      ],
      [
        "note.added",
        record.data,
        "ann",
        { merged: { from: `${local}:2`, at: AT, record: expect.any(String) } },
      ],
    ]);
  });

  it("a record without its author is the unknown's; nothing pending, nothing done", async () => {
    const dir = tempDir("fallback-merge-");
    const file = join(dir, "s.json");
    const env = { XDG_STATE_HOME: join(dir, "xdg") };
    const { store, appended } = storeOf(file);
    await mergeFallbacks(store as never, env);
    expect(appended).toEqual([]);
    const [, state] = fallbackFiles(file, "s-1", env);
    await writeFallback([state!], { ...record, by: undefined } as never);
    await mergeFallbacks(store as never, env);
    expect(appended.map((a) => a[2])).toEqual(["unknown"]);
    // A long record is quoted up to 500 characters.
    await writeFallback([state!], { ...record, type: "x", data: { text: "y".repeat(600) } });
    await mergeFallbacks(store as never, env);
    const text = (appended[1]![1] as { text: string }).text;
    expect(text.length).toBe(text.indexOf("): ") + 3 + 500);
  });
});
