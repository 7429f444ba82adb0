/**
 * session/state-cache.ts called directly on chains built in memory and documents in a temp directory
 * (milliseconds): the kept state says exactly what the events say, and is never used once it no
 * longer matches them (another document, another build, an edited header or body, a journal line
 * that does not follow its head). state-cache.test.ts covers the same through whole sessions.
 */
import {
  appendFileSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reduce } from "../../source/domain/events.js";
import { eventLog } from "../../source/domain/report/event-rows.js";
import { keptFor, readSummary, STATUS_READS } from "../../source/session/state-cache.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { tempDir } from "../helpers/paths.js";
import {
  BASE,
  CREATED,
  cacheOf,
  chain,
  journal,
  note,
  plain,
  sha,
  text,
  written,
} from "../helpers/state-cache-chain.js";

afterEach(() => setVerifiedBuild(undefined));

describe("rememberState then readSummary", () => {
  it("reads back the fold, the kept events, the rows and the binding, by bytes", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const s = (await readSummary(file))!;
    const st = statSync(file);
    expect(s.id).toBe("s-1");
    expect(s.count).toBe(5);
    expect(plain(s.state)).toEqual(plain(reduce(BASE)));
    expect(s.events).toEqual([BASE[0], BASE[2], BASE[4]]);
    expect(s.doc).toEqual({
      id: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs },
      digest: sha(readFileSync(file)),
      count: 5,
      head: BASE[4]!.hash,
    });
    expect(s.journal).toEqual({ events: [], bytes: 0, torn: false });
    expect(s.rows()!.length).toBe(1);
    expect(text(s.rows())).toBe(eventLog(BASE));
    // The same read again, nothing changed on disk: the very same summary.
    expect(await readSummary(file)).toBe(s);
    expect(keptFor(file, st.size)).toBe(true);
    expect(keptFor(file, st.size + 1)).toBe(false);
  });

  it("by stat: the same state without a digest or rows, and never shared with the bytes read", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const s = (await readSummary(file, "stat"))!;
    const st = statSync(file);
    expect(plain(s.state)).toEqual(plain(reduce(BASE)));
    expect(s.count).toBe(5);
    expect(s.doc).toEqual({
      id: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs },
      digest: undefined,
      count: 5,
      head: BASE[4]!.hash,
    });
    expect(s.rows()).toBeUndefined();
    expect(await readSummary(file, "stat")).toBe(s);
    const b = (await readSummary(file, "bytes"))!;
    expect(b).not.toBe(s);
    expect(b.doc.digest).toBe(sha(readFileSync(file)));
  });

  it("takes the journal's events on top, link by link, and drops a torn last line", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const more = chain(
      [
        note("j1"),
        ["traffic.shift.superseded", { kind: "promote", to: { blue: 0, green: 100 }, detail: "d" }],
        note("j3"),
      ],
      BASE[4],
    );
    journal(file, more.slice(0, 2), JSON.stringify(more[2]));
    const s = (await readSummary(file))!;
    const bytes = readFileSync(`${file}.journal`).length;
    expect(s.count).toBe(7);
    expect(plain(s.state)).toEqual(plain(reduce([...BASE, ...more.slice(0, 2)])));
    expect(s.events).toEqual([BASE[0], BASE[2], BASE[4], more[0], more[1]]);
    expect(s.journal).toEqual({ events: more.slice(0, 2), bytes, torn: true });
    expect(s.doc.count).toBe(5);
    const rows = s.rows()!;
    expect(rows.length).toBe(2);
    expect(rows[1]).toBe(`\n${eventLog(more.slice(0, 2))}`);
    expect(text(rows)).toBe(eventLog([...BASE, ...more.slice(0, 2)]));
    // The torn line completed: read again (the journal changed), whole and not torn.
    appendFileSync(`${file}.journal`, "\n");
    const again = (await readSummary(file))!;
    expect(again.count).toBe(8);
    expect(again.journal.torn).toBe(false);
    expect(again.state.head).toBe(more[2]!.hash);
  });

  it("a writer that extends, shortens or replaces the document keeps exactly the fold of its events", async () => {
    setVerifiedBuild("b1");
    const dir = tempDir("state-cache-units-");
    const file = join(dir, "s.json");
    const more = chain(
      [note("m1"), ["traffic.shift.failed", { kind: "promote", to: { blue: 50, green: 50 }, error: "e" }]],
      BASE[4],
    );
    const other = chain([CREATED, note("other")]);
    for (const events of [
      BASE.slice(0, 3),
      BASE,
      [...BASE, ...more],
      BASE.slice(0, 2),
      other,
      [...BASE, ...more],
    ]) {
      written(events, file);
      const s = (await readSummary(file))!;
      expect(plain(s.state)).toEqual(plain(reduce(events)));
      expect(s.events).toEqual(events.filter((e, i) => i === 0 || STATUS_READS.has(e.type)));
      expect(text(s.rows())).toBe(eventLog(events));
      expect(s.count).toBe(events.length);
    }
    // Another file by the same writer starts its own fold.
    const second = written(other, join(dir, "t.json"));
    expect(plain((await readSummary(second))!.state)).toEqual(plain(reduce(other)));
  });
});

describe("a kept state that no longer matches is never used", () => {
  it("from source (no build) nothing is kept; another build's is ignored", async () => {
    const file = written(BASE);
    expect(() => statSync(cacheOf(file, "state"))).toThrow();
    expect(keptFor(file, 1)).toBe(true);
    expect(await readSummary(file)).toBeUndefined();
    setVerifiedBuild("b1");
    written(BASE, file);
    setVerifiedBuild("b2");
    expect(await readSummary(file)).toBeUndefined();
    expect(await readSummary(file, "stat")).toBeUndefined();
    expect(keptFor(file, statSync(file).size)).toBe(false);
    expect(keptFor(join(dirname(file), "none.json"), 1)).toBe(false);
  });

  it("the document rewritten (same size) or touched: neither read takes it", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    expect(await readSummary(file, "stat")).toBeDefined();
    const doc = readFileSync(file, "utf8");
    writeFileSync(file, doc.replace('"one"', '"two"'));
    expect(await readSummary(file)).toBeUndefined();
    expect(await readSummary(file, "stat")).toBeUndefined();
    writeFileSync(file, doc);
    utimesSync(file, new Date(2020, 1, 1), new Date(2020, 1, 1));
    expect(await readSummary(file, "stat")).toBeUndefined();
    expect((await readSummary(file))!.count).toBe(5);
  });

  it("each field of either header changed, a header alone, a link: ignored", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const state = readFileSync(cacheOf(file, "state"), "utf8");
    const [header, ...body] = state.split("\n");
    const fields = header!.split(" ");
    expect(fields.length).toBe(10);
    expect(fields.slice(0, 4)).toEqual(["golive-state-2", "state", "b1", String(statSync(file).size)]);
    const put = (s: string) => writeFileSync(cacheOf(file, "state"), s);
    for (const [i, v] of [
      [0, "golive-state-1"],
      [1, "rows"],
      [2, "b2"],
      [3, "1"],
      [4, "0".repeat(64)],
      [5, "4"],
      [6, BASE[3]!.hash],
      [7, "0".repeat(64)],
      [8, "-"],
      [9, "0"],
    ] as const) {
      const f = [...fields];
      f[i] = v;
      put([f.join(" "), ...body].join("\n"));
      const bytes = await readSummary(file);
      const stat = await readSummary(file, "stat");
      // The size, digest and SHA-256 bind the bytes read; the stat identity and checksum the stat read.
      expect([i, bytes === undefined, stat === undefined]).toEqual([
        i,
        ![8, 9].includes(i),
        ![3, 4, 7].includes(i),
      ]);
    }
    put([[...fields, "x"].join(" "), ...body].join("\n"));
    expect(await readSummary(file)).toBeUndefined();
    put(`${fields.slice(0, 9).join(" ")}\n${body.join("\n")}`);
    expect(await readSummary(file)).toBeUndefined();
    put(header!);
    expect(await readSummary(file)).toBeUndefined();
    put(state.replace('"one"', '"eno"'));
    expect(await readSummary(file)).toBeUndefined();
    expect(await readSummary(file, "stat")).toBeUndefined();
    unlinkSync(cacheOf(file, "state"));
    writeFileSync(join(dirname(file), "elsewhere"), state);
    symlinkSync(join(dirname(file), "elsewhere"), cacheOf(file, "state"));
    expect(await readSummary(file)).toBeUndefined();
    expect(keptFor(file, statSync(file).size)).toBe(false);
  });

  it("rows of another head or count, edited, or missing: the state still, the rows not", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const rows = readFileSync(cacheOf(file, "rows"), "utf8");
    const [header, ...body] = rows.split("\n");
    const put = (i: number, v: string) => {
      const f = header!.split(" ");
      f[i] = v;
      writeFileSync(cacheOf(file, "rows"), [f.join(" "), ...body].join("\n"));
    };
    put(5, "4");
    expect((await readSummary(file))!.rows()).toBeUndefined();
    put(6, BASE[3]!.hash);
    expect((await readSummary(file))!.rows()).toBeUndefined();
    put(1, "state");
    expect((await readSummary(file))!.rows()).toBeUndefined();
    writeFileSync(cacheOf(file, "rows"), rows.replace("note: one", "note: eno"));
    expect((await readSummary(file))!.rows()).toBeUndefined();
    unlinkSync(cacheOf(file, "rows"));
    expect((await readSummary(file))!.rows()).toBeUndefined();
    writeFileSync(cacheOf(file, "rows"), rows);
    expect(text((await readSummary(file))!.rows())).toBe(eventLog(BASE));
  });

  it("a state whose own head or count differs from its header's", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const [header, body] = readFileSync(cacheOf(file, "state"), "utf8").split("\n") as [string, string];
    const f = header.split(" ");
    for (const edit of [{ head: BASE[3]!.hash }, { lastSeq: 4 }]) {
      const p = JSON.parse(body);
      Object.assign(p.state, edit);
      const b = JSON.stringify(p);
      f[7] = sha(b);
      writeFileSync(cacheOf(file, "state"), `${f.join(" ")}\n${b}`);
      expect(await readSummary(file)).toBeUndefined();
    }
  });

  it("a journal line that does not follow the head link by link, or is not an event", async () => {
    setVerifiedBuild("b1");
    const file = written(BASE);
    const [next] = chain([note("j")], BASE[4]);
    const bad: string[] = [
      JSON.stringify({ ...next, seq: 7 }),
      JSON.stringify(chain([note("j")], BASE[3])[0]),
      JSON.stringify({ ...next, data: { text: "k" } }),
      JSON.stringify(next).replace('"by":"ann"', '"by":"ann","by":"eve"'),
      JSON.stringify({ ...next, type: "no.such" }),
      "not json",
    ];
    for (const line of bad) {
      writeFileSync(`${file}.journal`, `${line}\n`);
      expect([line, await readSummary(file)]).toEqual([line, undefined]);
    }
    writeFileSync(`${file}.journal`, `${JSON.stringify(next)}\n`);
    expect((await readSummary(file))!.count).toBe(6);
    unlinkSync(`${file}.journal`);
    symlinkSync(dirname(file), `${file}.journal`);
    expect(await readSummary(file)).toBeUndefined();
  });
});
