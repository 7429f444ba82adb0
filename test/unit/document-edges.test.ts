/**
 * session/document.ts's verdicts on a parsed document, called directly: what binds the top-level
 * fields to the chain (id, format, a migration's format), what makes a file damaged rather than
 * foreign, and where a duplicate key is reported (a journal line's own line in the file).
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { GENESIS, hashEvent } from "../../source/domain/chain.js";
import { InputError } from "../../source/domain/errors.js";
import type { SessionEvent } from "../../source/domain/events.js";
import {
  chainFormat,
  checkDocument,
  claimsToBeSession,
  loadSchemas,
  NotASessionError,
  parseDocument,
  rejectDuplicateKeys,
  SESSION_FORMAT,
  SESSION_FORMAT_1,
  type SessionDocument,
} from "../../source/session/document.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

let doc: SessionDocument;
const copy = (): SessionDocument => structuredClone(doc);
/** Re-chains the events from `from` on, as a forger with the file would. */
function rechain(events: SessionEvent[]): SessionEvent[] {
  let prev = GENESIS;
  return events.map((e) => {
    const { hash: _h, ...rest } = e;
    const next = { ...rest, prev } as SessionEvent;
    next.hash = hashEvent(next);
    prev = next.hash;
    return next;
  });
}

beforeAll(async () => {
  const { store } = await newSeedSession(tempDir());
  await store.append("note.added", { text: "one" }, "ann");
  await store.append(
    "session.migrated",
    { from: SESSION_FORMAT_1, to: SESSION_FORMAT, golive: "t" },
    "golive",
  );
  await store.close();
  doc = JSON.parse(readFileSync(store.file, "utf8"));
  await loadSchemas();
});

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
};

describe("the session document", () => {
  it("a clean document parses as it is", async () => {
    expect(parseDocument("f.json", copy())).toEqual(doc);
    expect(await checkDocument("f.json", copy())).toEqual(doc);
  });

  it("claims to be a session only with a golive.session/ format string", () => {
    expect(claimsToBeSession({ format: "golive.session/9" })).toBe(true);
    expect(claimsToBeSession({ format: "golive.export/2" })).toBe(false);
    expect(claimsToBeSession({ format: 2 })).toBe(false);
    expect(claimsToBeSession({})).toBe(false);
    expect(claimsToBeSession(null)).toBe(false);
    expect(claimsToBeSession(undefined)).toBe(false);
  });

  it("the format the chain records: the last migration's, else the first event's, else format 1", () => {
    const ev = doc.events;
    expect(chainFormat(ev)).toBe(SESSION_FORMAT);
    const migratedBack = { ...ev[2]!, data: { from: SESSION_FORMAT, to: "golive.session/1", golive: "t" } };
    expect(chainFormat([ev[0]!, ev[2]!, migratedBack] as SessionEvent[])).toBe("golive.session/1");
    // A first event is never read as a migration, whatever it says.
    expect(chainFormat([{ ...ev[2]!, seq: 1 }] as SessionEvent[])).toBe(SESSION_FORMAT_1);
    const created = ev[0] as SessionEvent & { data: { format?: string } };
    expect(
      chainFormat([{ ...created, data: { ...created.data, format: "golive.session/7" } } as SessionEvent]),
    ).toBe("golive.session/7");
    const { format: _f, ...noFormat } = created.data;
    expect(chainFormat([{ ...created, data: noFormat } as SessionEvent, ev[1]!])).toBe(SESSION_FORMAT_1);
    expect(chainFormat([])).toBe(SESSION_FORMAT_1);
  });

  it("a top-level format the chain does not say is refused, naming both", () => {
    const d = copy();
    d.format = SESSION_FORMAT_1;
    const e = thrown(() => parseDocument("f.json", d));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(
      `f.json: says format ${SESSION_FORMAT_1}, but its recorded events say ${SESSION_FORMAT}; edited outside golive`,
    );
  });

  it("an id that is not the first event's is refused", () => {
    const d = copy();
    d.id = "other-session";
    expect(thrown(() => parseDocument("f.json", d)).message).toBe(
      `f.json: its id "other-session" is not the id recorded in its first event ("${doc.id}"); edited outside golive`,
    );
  });

  it("a chain re-made from an event that is not session.created is damaged, not foreign", () => {
    const d = copy();
    d.events = rechain(d.events.slice(1).map((e, i) => ({ ...e, seq: i + 1 })));
    const e = thrown(() => parseDocument("f.json", d));
    expect(e).toBeInstanceOf(InputError);
    expect(e).not.toBeInstanceOf(NotASessionError);
    expect(e.message).toBe("f.json: is a damaged golive session (its first event is not session.created)");
  });

  it("an edited event fails its hash chain, with what to do", () => {
    const d = copy();
    (d.events[1]!.data as { text: string }).text = "edited";
    const e = thrown(() => parseDocument("f.json", d)) as InputError;
    expect(e.message).toMatch(/^f\.json: fails its hash chain: .+/);
    expect(e.hint).toMatch(/edited or damaged outside golive; nothing was changed/);
  });

  it("the schema words what the hand-written check refuses: foreign without the session format, else damaged", async () => {
    const foreign = thrown(() => parseDocument("f.json", { format: "other/1", id: "x", events: [] }));
    expect(foreign).toBeInstanceOf(NotASessionError);
    expect(foreign.message).toMatch(/^f\.json: not a golive session \(format: .+\)$/);
    const top = thrown(() => parseDocument("f.json", [1]));
    expect(top).toBeInstanceOf(NotASessionError);
    expect(top.message).toMatch(/^f\.json: not a golive session \(document: .+\)$/);
    const d = copy() as unknown as { events: { seq: unknown }[] };
    d.events[1]!.seq = "two";
    const damaged = thrown(() => parseDocument("f.json", d)) as InputError;
    expect(damaged).not.toBeInstanceOf(NotASessionError);
    expect(damaged.message).toMatch(/^f\.json: is a damaged golive session \(events\.1\.seq: .+\)$/);
    expect(damaged.hint).toBe("nothing was changed");
    await expect(checkDocument("f.json", d)).rejects.toThrow(/is a damaged golive session \(events\.1\.seq/);
  });

  it("a duplicate key is reported at its line in the file, a journal line's counted from its own", () => {
    const text = '{\n "a": 1,\n "b": {"c": 1, "c": 2}\n}';
    const e = thrown(() => rejectDuplicateKeys("f.json", text)) as InputError;
    expect(e.message).toBe(
      'f.json:3:16: the key "c" appears twice in one object; a second copy could hide the recorded one, so the file is not read',
    );
    expect(e.hint).toMatch(/edited outside golive; nothing was changed/);
    expect(thrown(() => rejectDuplicateKeys("j", text, 10)).message).toMatch(/^j:12:16: /);
    expect(() => rejectDuplicateKeys("f.json", '{"a": {"a": 1}}')).not.toThrow();
  });
});
