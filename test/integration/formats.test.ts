/**
 * Format versions: records exported before the journal change still verify; older sessions open,
 * migrated forward with the migration recorded. The fixtures were made by golive before this change.
 */
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { SESSION_FORMAT, SESSION_FORMAT_1 } from "../../source/session/document.js";
import { SessionStore } from "../../source/session/store.js";
import { golive } from "../helpers/cli.js";
import { ROOT, tempDir } from "../helpers/paths.js";

const V1 = join(ROOT, "test/fixtures/formats/v1");

function copyV1(kind: "signed" | "open") {
  const dir = tempDir();
  cpSync(join(V1, kind), dir, { recursive: true });
  const name = readdirSync(dir).find((n) => n.endsWith(".json"))!;
  return { dir, file: join(dir, name), id: name.slice(0, -5) };
}

describe("format 1 records and sessions", () => {
  it("a format-1 export, session and .bak still verify", async () => {
    const exp = await golive(["verify", join(V1, "export.json")]);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toMatch(/10 events, chain intact.*signed success by Lead Person/);
    for (const kind of ["signed", "open"] as const) {
      const { file } = copyV1(kind);
      expect((await golive(["verify", file])).code).toBe(0);
      expect((await golive(["verify", `${file}.bak`])).code).toBe(0);
    }
  });

  it("an open format-1 session opens, and is migrated forward (recorded) when written", async () => {
    const { dir, file, id } = copyV1("open");
    const before = JSON.parse(readFileSync(file, "utf8"));
    expect(before.format).toBe(SESSION_FORMAT_1);
    const status = await golive(["status", "--json"], { sessions: dir });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).session).toBe(id);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(before); // reading never migrates
    const note = await golive(["note", "after the upgrade"], { sessions: dir });
    expect(note.code).toBe(0);
    const s = await SessionStore.open(file, { write: false });
    expect(s.format).toBe(SESSION_FORMAT);
    const types = s.events.map((e) => e.type);
    expect(types.slice(before.events.length)).toEqual(["session.migrated", "note.added"]);
    const m = s.events[before.events.length]!;
    expect(m.type === "session.migrated" && m.data).toMatchObject({
      from: SESSION_FORMAT_1,
      to: SESSION_FORMAT,
    });
    expect(s.events.slice(0, before.events.length)).toEqual(before.events); // nothing recorded changes
    expect(checkChain(s.events)).toBeUndefined();
    expect(JSON.parse(readFileSync(file, "utf8")).format).toBe(SESSION_FORMAT);
    expect((await golive(["verify", file])).code).toBe(0);
  });

  it("a signed format-1 session migrates as an amendment, and stays sealed", async () => {
    const { dir, file } = copyV1("signed");
    const refused = await golive(["note", "late"], { sessions: dir, env: {} });
    // Writing needs --session (no open session) and then --amend (sealed).
    const r = await golive(["note", "late", "--session", file], { sessions: dir });
    expect(refused.code).toBe(3);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/signed off .* and is sealed/);
    const s = await SessionStore.open(file, { write: false });
    const m = s.events.find((e) => e.type === "session.migrated");
    expect(m?.amendment?.why).toMatch(/format migration after sign-off/);
    expect((await golive(["verify", file])).code).toBe(0);
  });
});
