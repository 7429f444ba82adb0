/**
 * zod loads only for a session document or journal line the hand-written check does not accept
 * (session/document.ts loadSchemas): a fresh golive process must still word what is wrong exactly
 * as the schema does, for the document and for a journal line.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, tempDir } from "../helpers/paths.js";
import { abandon, newSeedSession } from "../helpers/session.js";

function status(file: string) {
  return spawnSync(process.execPath, [BIN, "status", "--session", file], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GOLIVE_SESSIONS: dirname(file), GOLIVE_USER: "t" },
    encoding: "utf8",
  });
}

describe("the session schemas, loaded on demand", () => {
  it("word a damaged document in a fresh process", async () => {
    const { store } = await newSeedSession(tempDir("golive-lazy-schema-"));
    await store.close();
    const text = readFileSync(store.file, "utf8");
    writeFileSync(store.file, text.replace('"seq": 1,', '"seq": -1,'));
    const r = status(store.file);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/is a damaged golive session \(events\.0\.seq: Too small/);
  });

  it("word a journal line that is not an event in a fresh process", async () => {
    const { store } = await newSeedSession(tempDir("golive-lazy-schema-"));
    await store.append("note.added", { text: "a" }, "ann");
    await abandon(store);
    const line = JSON.parse(readFileSync(store.journalFile, "utf8").split("\n")[0]!);
    delete line.hash;
    appendFileSync(store.journalFile, `${JSON.stringify({ ...line, seq: 3 })}\n`);
    const r = status(store.file);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/journal is damaged: not an event \(hash: Invalid input/);
  });
});
