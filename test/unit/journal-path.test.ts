/**
 * journal-path.ts: which journal a session file has (a `.bak` restored by hand shares its session's),
 * and the stamp `golive status` compares to see a writer move the document or the journal.
 */
import { statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileStamp, filesOnDisk, journalFor } from "../../source/session/journal-path.js";
import { tempDir } from "../helpers/paths.js";

describe("journalFor", () => {
  it("is the file's name and .journal, a trailing .bak left out", () => {
    expect(journalFor("/s/a.json")).toBe("/s/a.json.journal");
    expect(journalFor("/s/a.json.bak")).toBe("/s/a.json.journal");
    // Only a last .bak is a restored copy's.
    expect(journalFor("/s/a.bak.json")).toBe("/s/a.bak.json.journal");
    expect(journalFor("/s/a.json.bakx")).toBe("/s/a.json.bakx.journal");
    expect(journalFor("/s/a.jsonbak")).toBe("/s/a.jsonbak.journal");
  });
});

describe("fileStamp and filesOnDisk", () => {
  it("inode, size, mtime and ctime of each; - for a file not there", async () => {
    const file = join(tempDir("journal-path-"), "s.json");
    expect(fileStamp(file)).toBe("-");
    expect(await filesOnDisk(file)).toBe("- -");
    writeFileSync(file, "abc");
    const st = statSync(file);
    const stamp = `${st.ino}:3:${st.mtimeMs}:${st.ctimeMs}`;
    expect(fileStamp(file)).toBe(stamp);
    expect(await filesOnDisk(file)).toBe(`${stamp} -`);
    writeFileSync(`${file}.journal`, "12345");
    const j = statSync(`${file}.journal`);
    expect(await filesOnDisk(file)).toBe(`${stamp} ${j.ino}:5:${j.mtimeMs}:${j.ctimeMs}`);
    // The .bak's stamp pairs with the session's journal.
    writeFileSync(`${file}.bak`, "x");
    const b = statSync(`${file}.bak`);
    expect(await filesOnDisk(`${file}.bak`)).toBe(
      `${b.ino}:1:${b.mtimeMs}:${b.ctimeMs} ${j.ino}:5:${j.mtimeMs}:${j.ctimeMs}`,
    );
  });

  it("after a same-size edit with its mtime set back: the ctime as it is now", () => {
    const file = join(tempDir("journal-path-"), "s.json");
    writeFileSync(file, "abc");
    const before = statSync(file);

    writeFileSync(file, "xyz");
    utimesSync(file, before.atime, before.mtime);
    const after = statSync(file);
    expect(fileStamp(file)).toBe(`${after.ino}:3:${after.mtimeMs}:${after.ctimeMs}`);
  });
});
