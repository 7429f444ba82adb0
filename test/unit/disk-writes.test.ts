/**
 * session/disk.ts's whole-file writes on the production disk, with one operation made to fail: a
 * record is replaced whole or not at all, never created over an existing one, and a failed write
 * leaves no temp file behind in the sessions directory.
 */
import { lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createAtomically,
  type Disk,
  nodeDisk,
  replaceAtomically,
  tempNameFor,
  writeTemp,
} from "../../source/session/disk.js";
import { tempDir } from "../helpers/paths.js";

/** nodeDisk with `op` refusing (EIO), and every call logged by name. */
function failing(op?: keyof Disk) {
  const calls: string[] = [];
  const disk = Object.fromEntries(
    Object.entries(nodeDisk).map(([name, f]) => [
      name,
      async (...args: unknown[]) => {
        calls.push(name);
        if (name === op) throw Object.assign(new Error(`${name}: injected`), { code: "EIO" });
        return (f as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as Disk;
  return { disk, calls };
}

describe("whole-file writes", () => {
  it("a directory fsync closes what it opens (a long session would run out of descriptors)", async () => {
    const dir = tempDir();
    const open = () => readdirSync("/proc/self/fd").length;
    const before = open();
    for (let n = 0; n < 20; n++) await nodeDisk.syncDir(dir);
    expect(open()).toBe(before);
  });

  it("a temp name is hidden beside the file and never the same twice", () => {
    const a = tempNameFor("/s/x.json");
    expect(a).toMatch(/^\/s\/\.x\.json\.[0-9a-f]{12}\.tmp$/);
    expect(tempNameFor("/s/x.json")).not.toBe(a);
  });

  it("writes its pieces in order to a 0600 temp, fsynced before it is named", async () => {
    const dir = tempDir();
    const { disk, calls } = failing();
    const tmp = await writeTemp(disk, join(dir, "x.json"), ["{", new TextEncoder().encode('"é":1'), "}"]);
    expect(readFileSync(tmp, "utf8")).toBe('{"é":1}');
    expect(lstatSync(tmp).mode & 0o777).toBe(0o600);
    expect(calls).toEqual(["open", "syncFile"]);
  });

  it("writes a string in one write and each piece in one, never a write per character", async () => {
    // A session document is megabytes: a write per code point would be millions of system calls.
    const writes: unknown[] = [];
    const disk: Disk = {
      ...nodeDisk,
      async open(p, flags, mode) {
        const fh = await nodeDisk.open(p, flags, mode);
        const write = fh.writeFile.bind(fh);
        fh.writeFile = (data, opts) => {
          writes.push(data);
          return write(data, opts);
        };
        return fh;
      },
    };
    const dir = tempDir();
    const tmp = await writeTemp(disk, join(dir, "x.json"), '{"é":"ab"}');
    expect(readFileSync(tmp, "utf8")).toBe('{"é":"ab"}');
    expect(writes).toEqual(['{"é":"ab"}']);
    writes.length = 0;
    const bytes = new TextEncoder().encode('"b":2');
    await writeTemp(disk, join(dir, "y.json"), ['{"a":1,', bytes, "}"]);
    expect(writes).toEqual(['{"a":1,', bytes, "}"]);
  });

  it("replaces a record whole, then fsyncs its directory", async () => {
    const dir = tempDir();
    const file = join(dir, "x.json");
    writeFileSync(file, "old");
    const { disk, calls } = failing();
    await replaceAtomically(disk, file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(calls).toEqual(["open", "syncFile", "rename", "syncDir"]);
    expect(readdirSync(dir)).toEqual(["x.json"]);
  });

  it.each(["syncFile", "rename"] as const)(
    "when %s fails: the old record stays, the error is thrown, no temp is left",
    async (op) => {
      const dir = tempDir();
      const file = join(dir, "x.json");
      writeFileSync(file, "old");
      await expect(replaceAtomically(failing(op).disk, file, "new")).rejects.toThrow(`${op}: injected`);
      expect(readFileSync(file, "utf8")).toBe("old");
      expect(readdirSync(dir)).toEqual(["x.json"]);
    },
  );

  it("never creates over an existing file or through a planted symlink, and leaves no temp", async () => {
    const dir = tempDir();
    const file = join(dir, "x.json");
    writeFileSync(file, "someone's record");
    await expect(createAtomically(nodeDisk, file, "new")).rejects.toMatchObject({ code: "EEXIST" });
    expect(readFileSync(file, "utf8")).toBe("someone's record");
    symlinkSync(file, join(dir, "link.json"));
    await expect(createAtomically(nodeDisk, join(dir, "link.json"), "new")).rejects.toMatchObject({
      code: "EEXIST",
    });
    expect(readdirSync(dir).sort()).toEqual(["link.json", "x.json"]);
    const { disk, calls } = failing();
    await createAtomically(disk, join(dir, "y.json"), "y");
    expect(readFileSync(join(dir, "y.json"), "utf8")).toBe("y");
    expect(calls).toEqual(["open", "syncFile", "link", "unlink", "syncDir"]);
    expect(readdirSync(dir).sort()).toEqual(["link.json", "x.json", "y.json"]);
  });
});
