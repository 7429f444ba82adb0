/**
 * The record's files: export atomic and never over a session or (without --force) anything; sessions
 * fail loudly; duplicate keys; every field bound to the chain; a record cut short reads NOT SIGNED.
 */
import { copyFileSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "../../source/session/json-keys.js";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

async function signedSession() {
  const dir = tempDir();
  const { store } = await newSeedSession(dir);
  await store.append("note.added", { text: "n" }, "lead");
  await store.close();
  const g = (args: string[]) => golive(args, { sessions: dir, clock: fixedClock("2026-11-23T13:00:00Z") });
  expect(
    (await g(["sign", "--status", "success", "--signer", "Lead", "--accept", "test fixture"])).code,
  ).toBe(0);
  return { dir, file: store.file, id: store.id, g };
}

describe("export", () => {
  it("never writes over the session, its journal, backup or lock, even with --force", async () => {
    const { file, g } = await signedSession();
    const before = readFileSync(file);
    for (const target of [file, `${file}.bak`, `${file}.journal`]) {
      for (const force of [[], ["--force"]]) {
        const r = await g(["export", "--out", target, ...force]);
        expect(r.code).toBe(7);
        expect(r.stderr).toMatch(/is a golive session file .* export never writes over a session/);
      }
    }
    expect(readFileSync(file)).toEqual(before);
    const s = await SessionStore.open(file, { write: false });
    expect(s.state.signoff?.signer).toBe("Lead");
    // Another session's file (here a copy under a name that says nothing) is known by its start.
    const other = join(tempDir(), "elsewhere.json");
    copyFileSync(file, other);
    const r = await g(["export", "--out", other, "--force"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/is a golive session file .* export never writes over a session/);
    expect(readFileSync(other)).toEqual(before);
  });

  it("never overwrites an existing file without --force; with --force replaces it whole", async () => {
    const { dir, g } = await signedSession();
    const out = join(dir, "record.md");
    writeFileSync(out, "someone's notes\n");
    const r = await g(["export", "--out", out]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/already exists; not overwriting it/);
    expect(readFileSync(out, "utf8")).toBe("someone's notes\n");
    expect((await g(["export", "--out", out, "--force"])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("golive sign-off record");
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("never writes through a symlink: not a planted temp name, not the target itself", async () => {
    const { dir, file, g } = await signedSession();
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "precious\n");
    const out = join(dir, "record.json");
    // The temp names golive used to use (pid-based, predictable), all planted.
    for (let pid = process.pid - 5; pid <= process.pid + 5; pid++) {
      symlinkSync(victim, join(dir, `.record.json.${pid}.tmp`));
      symlinkSync(victim, join(dir, `.${file.split("/").pop()}.${pid}.tmp`));
    }
    expect((await g(["export", "--format", "json", "--out", out])).code).toBe(0);
    const link = join(dir, "link.md");
    symlinkSync(victim, link);
    expect((await g(["export", "--out", link])).code).toBe(7);
    expect((await g(["export", "--out", link, "--force"])).code).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(JSON.parse(readFileSync(out, "utf8")).exportedAtNote).toMatch(/outside the hash chain/);
  });
});

describe("sessions fail loudly", () => {
  it("a damaged session is named with its reason; commands never fall through to an older session", async () => {
    const dir = tempDir();
    const older = await newSeedSession(dir, "2026-11-22T12:00:00.000Z");
    await older.store.close();
    const clock = fixedClock("2026-11-23T12:00:00Z");
    const newer = await SessionStore.create(
      dir,
      { ...older.store.state, runbook: older.store.state.runbook, t0: "2026-11-23T14:00:00.000Z", lead: "l" },
      "l",
      clock,
    );
    await newer.close();
    const text = readFileSync(newer.file, "utf8");
    writeFileSync(newer.file, text.replace('"seq": 1,', '"seq": 1e400,'));
    const olderBefore = readFileSync(older.store.file);
    const r = await golive(["check", "i7"], { sessions: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`session ${newer.id} cannot be read`);
    expect(r.stderr).toMatch(/damaged golive session \(events\.0\.seq/);
    expect(readFileSync(older.store.file)).toEqual(olderBefore);
  });

  it("duplicate keys are refused (the last `events` would hide the recorded ones)", async () => {
    const { file, g } = await signedSession();
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const forged = `{"format":${JSON.stringify(doc.format)},"id":${JSON.stringify(doc.id)},"events":${JSON.stringify(doc.events)},"events":${JSON.stringify(doc.events.slice(0, 1))}}`;
    writeFileSync(file, forged);
    const st = await g(["status", "--session", file]);
    expect(st.code).toBe(3);
    expect(st.stderr).toMatch(/:1:\d+: the key "events" appears twice/);
    const v = await g(["verify", file]);
    expect(v.code).toBe(5);
  });

  it("finds duplicate keys in one linear pass, fast enough for status", () => {
    const event = JSON.stringify({ seq: 1, at: "x", by: "y", data: { text: 'a "quoted" \\" value' } });
    const big = `{"events":[${Array.from({ length: 5000 }, () => event).join(",")}],"id":"x"}`;
    const t = performance.now();
    expect(findDuplicateKey(big)).toBeUndefined();
    expect(performance.now() - t).toBeLessThan(2000);
    expect(findDuplicateKey('{"a":{"b":1,"c":{"b":2}},"d":[{"x":1},{"x":2}]}')).toBeUndefined();
    expect(findDuplicateKey('{"a":1,"b":{"k":"\\"","k":2}}')).toMatchObject({ key: "k" });
  });

  it("the id is bound to the chain: an edited id (a path, or another session's) is refused", async () => {
    const { dir, file, g } = await signedSession();
    const text = readFileSync(file, "utf8");
    const id = JSON.parse(text).id;
    for (const bad of ["../../escape", "20990101-0000-other-0000"]) {
      writeFileSync(file, text.replace(`"id": "${id}"`, `"id": "${bad}"`));
      const r = await g(["export", "--session", file]);
      expect(r.code).toBe(3);
      expect((await g(["verify", file])).code).toBe(5);
    }
    expect(readdirSync(join(dir, "..")).some((n) => n.startsWith("escape"))).toBe(false);
  });
});

describe("verify and a record cut short", () => {
  it("an export cut at the end with head and count edited to match reads NOT SIGNED, and fails --require-signed", async () => {
    const { dir, g } = await signedSession();
    const out = join(dir, "record.json");
    expect((await g(["export", "--format", "json", "--out", out])).code).toBe(0);
    const ok = await g(["verify", out, "--require-signed"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/signed success by Lead at event #3/);
    const exp = JSON.parse(readFileSync(out, "utf8"));
    exp.session.events.pop();
    exp.head = exp.session.events.at(-1).hash;
    exp.eventCount = exp.session.events.length;
    exp.signed = null;
    writeFileSync(out, JSON.stringify(exp));
    const cut = await g(["verify", out]);
    expect(cut.code).toBe(0);
    expect(cut.stdout).toMatch(/chain intact.*NOT SIGNED/);
    expect((await g(["verify", out, "--require-signed"])).code).toBe(5);
    exp.signed = { status: "success" };
    writeFileSync(out, JSON.stringify(exp));
    expect((await g(["verify", out])).stderr).toMatch(/says it was signed off but holds no sign-off event/);
  });
});
