/** Sealed after sign-off: amendments only (who, why, what), a rollback never blocked; `sign` is one event. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

async function signed() {
  const dir = tempDir();
  const { store, rb } = await newSeedSession(dir);
  await store.close();
  const g = (args: string[]) => golive(args, { sessions: dir, clock: fixedClock("2026-11-23T13:00:00Z") });
  const before = (await SessionStore.open(store.file, { write: false })).events.length;
  const r = await g(["sign", "--status", "success", "--signer", "Lead Person", "--accept", "test fixture"]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, file: store.file, id: store.id, rb, g, before };
}

describe("sign-off", () => {
  it("is one event: the sign-off, the blanks it fills, and what it signs (count and head)", async () => {
    const { file, rb, before } = await signed();
    const s = await SessionStore.open(file, { write: false });
    expect(s.events).toHaveLength(before + 1);
    const e = s.events.at(-1)!;
    expect(e.type).toBe("session.signed");
    if (e.type !== "session.signed") return;
    expect(e.data.signs).toEqual({ count: before, head: s.events[before - 1]!.hash });
    const section = rb.sections.find((x) => /sign[- ]?off/i.test(x.title))!;
    const filled = rb.fields.filter((f) => f.section === section.id).map((f) => f.id);
    expect(e.data.fields?.map((f) => f.field).sort()).toEqual(expect.arrayContaining([]));
    for (const f of e.data.fields ?? []) {
      expect(filled).toContain(f.field);
      expect(s.state.fields[f.field]?.value).toBe(f.value);
    }
    expect(e.data.fields?.some((f) => f.value === "Lead Person")).toBe(true);
  });

  it("seals the session: checks and a second sign-off are refused without --amend, nothing recorded", async () => {
    const { file, g, before } = await signed();
    const check = await g(["check", "i7", "--session", file]);
    expect(check.code).toBe(7);
    expect(check.stderr).toMatch(
      /signed off \(success by Lead Person .*\) and is sealed; nothing was recorded/,
    );
    expect(check.stderr).toContain("--amend");
    const resign = await g([
      "sign",
      "--status",
      "success",
      "--signer",
      "Mallory",
      "--accept",
      "x",
      "--session",
      file,
    ]);
    expect(resign.code).toBe(7);
    expect(resign.stderr).toMatch(/is sealed/);
    const s = await SessionStore.open(file, { write: false });
    expect(s.events).toHaveLength(before + 1);
    expect(s.state.signoff?.signer).toBe("Lead Person");
  });

  it("records an amendment with who, why and what, shown in both exports", async () => {
    const { dir, file, g } = await signed();
    const r = await g([
      "note",
      "db migration ran twice",
      "--session",
      file,
      "--amend",
      "forgot to note it",
      "--by",
      "ann",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = await SessionStore.open(file, { write: false });
    const e = s.events.at(-1)!;
    expect(e).toMatchObject({ by: "ann", type: "note.added", amendment: { why: "forgot to note it" } });
    expect((await g(["export", "--session", file, "--out", join(dir, "r.md")])).code).toBe(0);
    const md = readFileSync(join(dir, "r.md"), "utf8");
    expect(md).toMatch(/### Amendments after sign-off\n\n- #\d+ .* ann: note\.added — forgot to note it/);
    expect(md).toMatch(
      /\| ann \| note: db migration ran twice \\\[AMENDMENT after sign-off — forgot to note it\\\] \|/,
    );
    expect(
      (await g(["export", "--session", file, "--format", "json", "--out", join(dir, "r.json")])).code,
    ).toBe(0);
    const v = await g(["verify", join(dir, "r.json")]);
    expect(v.stdout).toMatch(/signed success by Lead Person at event #\d+, 1 amendment after it/);
  });

  it("a rollback after sign-off is never blocked: recorded as an amendment; a promote is refused", async () => {
    const { file } = await signed();
    const s = await SessionStore.open(file, { write: true });
    const to = { blue: 100, green: 0 };
    const e = await s.append("traffic.shift.requested", { kind: "rollback", to }, "lead");
    expect(e.amendment?.why).toMatch(/rollback after sign-off/);
    await s.append(
      "traffic.shift.confirmed",
      { kind: "rollback", weights: to, tookMs: 1, attempts: 1 },
      "lead",
    );
    expect(s.state.rollback?.completedAt).toBeDefined();
    await expect(
      s.append("traffic.shift.requested", { kind: "promote", to: { blue: 0, green: 100 } }, "lead"),
    ).rejects.toThrow(/is sealed/);
    await s.close();
  });
});
