/**
 * `golive verify` reads a session file once: the journal reader takes the text verify already read
 * while the file is the same one (inode, size, mtime), and reads it again as soon as it is not.
 */
import { renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeDisk } from "../../source/session/disk.js";
import { readIdentified } from "../../source/session/journal.js";
import { tempDir } from "../helpers/paths.js";

describe("readIdentified", () => {
  it("reads the text and its identity, and reuses known text only for the same file", async () => {
    const file = join(tempDir("golive-read-id-"), "s.json");
    writeFileSync(file, '{"a":"é"}\n');
    const first = await readIdentified(nodeDisk, file);
    expect(first.text).toBe('{"a":"é"}\n');
    expect(first.id).toEqual({ ino: statSync(file).ino, size: 11, mtimeMs: statSync(file).mtimeMs });
    const known = { text: "the text read before", id: first.id };
    expect((await readIdentified(nodeDisk, file, known)).text).toBe("the text read before");
    // Replaced by a rename (a writer's compaction): another inode, read again.
    writeFileSync(`${file}.tmp`, '{"a":"e"}\n\n');
    renameSync(`${file}.tmp`, file);
    expect((await readIdentified(nodeDisk, file, known)).text).toBe('{"a":"e"}\n\n');
    // Edited in place to another size: read again.
    const again = await readIdentified(nodeDisk, file);
    writeFileSync(file, '{"b":1}\n');
    expect((await readIdentified(nodeDisk, file, { text: "old", id: again.id })).text).toBe('{"b":1}\n');
  });
});
