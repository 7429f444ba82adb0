/**
 * session/state-cache.ts where a kept state could outlive what it describes: a kept state moved onto
 * a document whose stat it names but whose last event is another, a journal line that hashes right
 * but does not follow or is not an event, a build changed under the reader's memo, a writer's fold
 * left half-extended by a failure, and every file it opens closed again.
 */
import { appendFileSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import { reduce, type SessionEvent } from "../../source/domain/events.js";
import { eventLog } from "../../source/domain/report/event-rows.js";
import { nodeDisk } from "../../source/session/disk.js";
import { keptFor, readSummary, rememberState } from "../../source/session/state-cache.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { tempDir } from "../helpers/paths.js";
import { BASE, cacheOf, chain, note, plain, sha, text, written } from "../helpers/state-cache-chain.js";

afterEach(() => setVerifiedBuild(undefined));

/** `file`'s kept state replaced by `from`'s, with `file`'s own stat identity in its header. */
function moved(from: string, file: string) {
  const own = readFileSync(cacheOf(file, "state"), "utf8").split("\n")[0]!.split(" ");
  const [header, ...body] = readFileSync(cacheOf(from, "state"), "utf8").split("\n");
  const f = header!.split(" ");
  f[8] = own[8]!;
  writeFileSync(cacheOf(file, "state"), [f.join(" "), ...body].join("\n"));
}

/** An event after `prev` with these fields changed, hashed as changed (so only the check itself tells). */
function rehashed(prev: SessionEvent, change: Record<string, unknown>) {
  const [e] = chain([note("j")], prev);
  const { hash: _, ...rest } = { ...e!, ...change };
  return { ...rest, hash: hashEvent(rest) };
}

describe("the stat read binds to the document's last event", () => {
  it("a kept state of more events, or of another last event, is not taken for this document", async () => {
    setVerifiedBuild("b1");
    const dir = tempDir("state-cache-stale-");
    const whole = written(BASE, join(dir, "whole.json"));
    const shorter = written(BASE.slice(0, 4), join(dir, "shorter.json"));
    const other = written([...BASE.slice(0, 4), ...chain([note("other")], BASE[3])], join(dir, "other.json"));
    expect((await readSummary(shorter, "stat"))!.count).toBe(4);
    for (const file of [shorter, other]) {
      moved(whole, file);
      expect(await readSummary(file, "stat")).toBeUndefined();
    }
    // The same move onto the document it came from's twin (same last event): taken.
    const twin = written(BASE, join(dir, "twin.json"));
    moved(whole, twin);
    expect((await readSummary(twin, "stat"))!.count).toBe(5);
  });

  it("a missing document: nothing", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    unlinkSync(file);
    expect(await readSummary(file, "stat")).toBeUndefined();
    expect(await readSummary(file)).toBeUndefined();
  });
});

describe("journal lines hashed right that still do not belong", () => {
  it("a gap in seq, another prev, a duplicate key, an unknown type", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const next = chain([note("j")], BASE[4])[0]!;
    const lines = [
      JSON.stringify(rehashed(BASE[4]!, { seq: 7 })),
      JSON.stringify(rehashed(BASE[4]!, { prev: BASE[3]!.hash })),
      JSON.stringify(next).replace('"by":"ann"', '"by":"ann","by":"ann"'),
      JSON.stringify(rehashed(BASE[4]!, { type: "no.such" })),
    ];
    for (const line of lines) {
      writeFileSync(`${file}.journal`, `${line}\n`);
      expect([line, await readSummary(file)]).toEqual([line, undefined]);
    }
  });
});

describe("the reader's memo", () => {
  it("is per build and per bound; the default bound is the bytes", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const s = (await readSummary(file))!;
    expect(await readSummary(file, "bytes")).toBe(s);
    setVerifiedBuild("b2");
    expect(await readSummary(file)).toBeUndefined();
  });
});

describe("a read the files moved under", () => {
  it("is not taken, nor remembered", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const [next] = chain([note("j")], BASE[4]);
    // A writer appends to the journal while the reader opens the document.
    const open = nodeDisk.open;
    const spy = vi.spyOn(nodeDisk, "open").mockImplementation(async (...a: Parameters<typeof open>) => {
      appendFileSync(`${file}.journal`, `${JSON.stringify(next)}\n`);
      return open(...a);
    });
    try {
      expect(await readSummary(file)).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect((await readSummary(file))!.count).toBe(6);
  });
});

describe("the writer's fold", () => {
  it("a rewrite that fails half-way is not extended by the next", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    // A row that cannot be rendered (an observation without its detail) fails after the state folded it.
    const observed = { observation: "reconciled-other", weights: { blue: 80, green: 20 } };
    const [broken] = chain([["traffic.observed", observed]], BASE[4]);
    rememberState(file, sha("x"), 1, [...BASE, broken!]);
    const events = [...BASE, ...chain([note("after")], BASE[4])];
    written(events, file);
    const s = (await readSummary(file))!;
    expect(plain(s.state)).toEqual(plain(reduce(events)));
    expect(text(s.rows())).toBe(eventLog(events));
  });
});

describe("every file opened is closed", () => {
  it("by keptFor and both reads, taken or not", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const fds = () => readdirSync("/proc/self/fd").length;
    const before = fds();
    for (let i = 0; i < 20; i++) {
      expect(keptFor(file, 1)).toBe(false);
      // A new journal each time: no memo.
      writeFileSync(`${file}.journal`, `${"x".repeat(i)}\n`);
      expect(await readSummary(file, "stat")).toBeUndefined();
      expect(await readSummary(file)).toBeUndefined();
    }
    unlinkSync(`${file}.journal`);
    expect(text((await readSummary(file))!.rows())).toBe(eventLog(BASE));
    expect(fds()).toBe(before);
  });
});
