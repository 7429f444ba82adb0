/**
 * A session text checked once is not checked again (session/verified.ts): the marker is bound to the
 * exact text, never followed through a symlink, and `golive verify` ignores it. The in-place fold
 * that makes large sessions load in linear time gives the same state as the pure one.
 */
import { readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { apply, initialState, reduce } from "../../source/domain/events.js";
import { JournalledSessionFile } from "../../source/session/journal.js";
import { SessionStore } from "../../source/session/store.js";
import { setVerifiedBuild, textDigest, wasVerified } from "../../source/session/verified.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

afterEach(() => setVerifiedBuild(undefined));

async function session() {
  const { store } = await newSeedSession(tempDir("hostile-verified-"));
  await store.append("note.added", { text: "n" }, "ann");
  await store.append("field.recorded", { field: "f1", value: "v1.9.3", source: "manual" }, "ann");
  await store.close();
  return store.file;
}

const marker = (file: string) => join(dirname(file), ".cache", `verified-${basename(file)}`);

describe("the verified-text marker", () => {
  it("is written after a full check and bound to the exact text: an edit is checked (and refused) again", async () => {
    setVerifiedBuild("test-build");
    const file = await session();
    await (await SessionStore.open(file, { write: false })).close();
    const text = readFileSync(file, "utf8");
    expect(readFileSync(marker(file), "utf8")).toBe(`${textDigest(text)} test-build\n`);
    // Same chain, edited value: a new text, so the full check runs and finds it.
    writeFileSync(file, text.replace('"v1.9.3"', '"v6.6.6"'));
    await expect(new JournalledSessionFile(file).read()).rejects.toThrow(/hash chain|changed after/);
  });

  it("is ignored through a symlink, for another build, and by golive verify", async () => {
    setVerifiedBuild("test-build");
    const file = await session();
    const d = JSON.parse(readFileSync(file, "utf8"));
    d.events[2].data.value = "v6.6.6";
    const forged = JSON.stringify(d, null, 2);
    writeFileSync(file, forged);
    const digest = textDigest(forged);
    // A marker planted for the forged text, reached through a symlink: not trusted.
    const planted = join(tempDir("hostile-planted-"), "m");
    writeFileSync(planted, `${digest} test-build\n`);
    rmSync(marker(file), { force: true });
    symlinkSync(planted, marker(file));
    expect(wasVerified(file, digest)).toBe(false);
    // A marker of another build: not trusted.
    rmSync(marker(file));
    writeFileSync(marker(file), `${digest} other-build\n`);
    expect(wasVerified(file, digest)).toBe(false);
    // The marker golive itself would write: trusted by other commands (the chain is unkeyed, so whoever
    // can write it can rewrite the chain anyway), but never by verify.
    writeFileSync(marker(file), `${digest} test-build\n`);
    expect(wasVerified(file, digest)).toBe(true);
    const v = await golive(["verify", file], { sessions: dirname(file) });
    expect(v.code).toBe(5);
    expect(v.stderr).toMatch(/NOT VERIFIED/);
  });
});

describe("the in-place fold", () => {
  it("gives the state the pure apply gives, and keeps a __proto__ id as an own key", async () => {
    const file = await session();
    const store = await SessionStore.open(file, { write: true });
    await store.append("item.checked", { item: "__proto__" }, "ann");
    await store.append("item.checked", { item: "i1" }, "ann");
    await store.append("note.added", { text: "two" }, "bob");
    const events = store.events;
    await store.close();
    let pure = initialState(events[0] as never);
    for (const e of events.slice(1)) pure = apply(pure, e);
    const folded = reduce(events);
    expect(folded).toEqual(pure);
    expect(Object.hasOwn(folded.items, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(folded.items)).toBe(Object.prototype);
    expect(readdirSync(dirname(file)).some((n) => n.endsWith(".json"))).toBe(true);
  });
});
