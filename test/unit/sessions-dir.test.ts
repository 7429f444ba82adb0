/**
 * session/sessions.ts on sessions created in a temp directory (no golive process): the listing
 * (newest first, damaged ones with their problem, other JSON as foreign) and the choice a command
 * makes from it (loudly, never a guess), with every refusal in its words.
 */
import { copyFileSync, mkdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode, UserError } from "../../source/domain/errors.js";
import {
  backupHint,
  ensureSessionsDir,
  listSessions,
  resolveSession,
} from "../../source/session/sessions.js";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";

/** A session created at `at` for environment `env`; signed off when `signed`. */
async function made(dir: string, env: string, at: string, signed = false) {
  const runbook = { file: "r.md", sha256: "a".repeat(64), title: "R", text: "" };
  const store = await SessionStore.create(
    dir,
    { runbook, t0: at, lead: "lead", env },
    "lead",
    fixedClock(at),
  );
  if (signed) await store.append("session.signed", { status: "success", signer: "lead" }, "lead");
  await store.close();
  return { id: store.id, file: store.file };
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
};

describe("backupHint", () => {
  it("names the .bak, its verify and the journal to keep, for the file or its .bak", () => {
    const hint =
      "The last compacted copy, if any, is /s/a.json.bak: check it with `golive verify /s/a.json.bak`, then copy it over a.json to resume; keep a.json.journal, which holds every event after that copy and is replayed on open";
    expect(backupHint("/s/a.json")).toBe(hint);
    expect(backupHint("/s/a.json.bak")).toBe(hint);
    // Only a last .bak is the copy's.
    expect(backupHint("/s.bak/a.json")).toContain("is /s.bak/a.json.bak: check it");
  });
});

describe("ensureSessionsDir", () => {
  it("makes the directory (and its parents) private; a path through a file is a storage error", async () => {
    const dir = join(tempDir("sessions-"), "a", "b");
    await ensureSessionsDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const file = join(tempDir("sessions-"), "f");
    writeFileSync(file, "");
    const e = await refusal(ensureSessionsDir(join(file, "x")));
    expect(e.message).toBe(
      `could not write ${join(file, "x")}: a path component is not a directory (ENOTDIR); nothing was recorded`,
    );
  });
});

describe("listSessions and resolveSession", () => {
  it("lists newest first with their state; a damaged one with its problem; other JSON as foreign", async () => {
    const dir = tempDir("sessions-");
    expect(await listSessions(join(dir, "none"))).toEqual([]);
    writeFileSync(join(dir, "plain"), "");
    await expect(listSessions(join(dir, "plain"))).rejects.toMatchObject({ code: "ENOTDIR" });
    const old = await made(dir, "old", "2026-11-20T12:00:00.000Z");
    const mid = await made(dir, "mid", "2026-11-22T12:00:00.000Z", true);
    const recent = await made(dir, "new", "2026-11-23T12:00:00.000Z");
    writeFileSync(join(dir, "export.json"), '{"format":"golive.export/2"}');
    writeFileSync(join(dir, ".hidden.json"), "{}");
    writeFileSync(join(dir, "notes.txt"), "x");
    mkdirSync(join(dir, "sub"));
    const all = await listSessions(dir);
    expect(all.map((s) => s.id)).toEqual([recent.id, mid.id, old.id, "export"]);
    expect(all[0]!.file).toBe(recent.file);
    expect(all[0]!.mtimeMs).toBe(statSync(recent.file).mtimeMs);
    expect(all[1]!.state?.signoff?.status).toBe("success");
    expect(all[3]!.foreign).toBe(true);
    expect(all[3]!.problem).toBeTruthy();
    expect(all[0]!.problem).toBeUndefined();
    // Damaged: listed with why, not foreign.
    writeFileSync(old.file, "{ not json");
    const damaged = (await listSessions(dir)).find((s) => s.id === old.id)!;
    expect(damaged.foreign).toBe(false);
    expect(damaged.problem).toMatch(/^.+$/);
    expect(damaged.state).toBeUndefined();
    // Without a state, after every session with one, the last modified first.
    utimesSync(join(dir, "export.json"), new Date(1e12), new Date(1e12));
    expect((await listSessions(dir)).map((s) => s.id)).toEqual([recent.id, mid.id, old.id, "export"]);
    utimesSync(old.file, new Date(9e11), new Date(9e11));
    expect((await listSessions(dir)).map((s) => s.id)).toEqual([recent.id, mid.id, "export", old.id]);
  });

  it("chooses the newest open session; a signed one only for reading; refuses when any is damaged", async () => {
    const dir = tempDir("sessions-");
    await expect(refusal(resolveSession(dir, undefined))).resolves.toMatchObject({
      message: `no open session in ${dir}`,
      exitCode: ExitCode.input,
      hint: "start one with `golive new --runbook FILE`, or pass --session / --sessions",
    });
    const signed = await made(dir, "signed", "2026-11-23T12:00:00.000Z", true);
    await refusal(resolveSession(dir, undefined));
    expect(await resolveSession(dir, undefined, false)).toBe(signed.file);
    const open = await made(dir, "open", "2026-11-21T12:00:00.000Z");
    expect(await resolveSession(dir, undefined)).toBe(open.file);
    expect(await resolveSession(dir, undefined, false)).toBe(open.file);
    writeFileSync(join(dir, "export.json"), '{"format":"golive.export/2"}');
    expect(await resolveSession(dir, undefined)).toBe(open.file);
    const broken = await made(dir, "broken", "2026-11-19T12:00:00.000Z");
    writeFileSync(broken.file, "{ not json");
    const e = await refusal(resolveSession(dir, undefined));
    const problem = (await listSessions(dir)).find((s) => s.id === broken.id)!.problem;
    expect(e.message).toBe(
      `session ${broken.id} cannot be read, so golive will not guess which session you mean: ${problem}`,
    );
    expect(e.exitCode).toBe(ExitCode.input);
    expect(e.hint).toBe(`${backupHint(broken.file)}; or name the session with --session`);
    // Of two damaged, the one modified last is named.
    const other = await made(dir, "other", "2026-11-18T12:00:00.000Z");
    writeFileSync(other.file, "[");
    utimesSync(broken.file, new Date(1e12), new Date(1e12));
    utimesSync(other.file, new Date(9e11), new Date(9e11));
    expect((await refusal(resolveSession(dir, undefined))).message).toContain(
      `session ${broken.id} cannot be read`,
    );
    utimesSync(other.file, new Date(1.1e12), new Date(1.1e12));
    expect((await refusal(resolveSession(dir, undefined))).message).toContain(
      `session ${other.id} cannot be read`,
    );
    // Named, it is found whatever else is damaged.
    expect(await resolveSession(dir, open.id)).toBe(open.file);
  });

  it("a reference: a path as given, an id, or a prefix only one id has", async () => {
    const dir = tempDir("sessions-");
    expect(await resolveSession(dir, "some/where")).toBe(resolve("some/where"));
    expect(await resolveSession(dir, "x.json")).toBe(resolve("x.json"));
    const a = await made(dir, "alpha", "2026-11-23T12:00:00.000Z");
    const b = await made(dir, "beta", "2026-11-23T12:00:00.000Z");
    expect(await resolveSession(dir, a.id)).toBe(a.file);
    expect(await resolveSession(dir, "20261123-1200-al")).toBe(a.file);
    const amb = await refusal(resolveSession(dir, "20261123-1200-"));
    expect(amb.message).toMatch(/^session "20261123-1200-" is ambiguous: /);
    expect(amb.message.split(": ")[1]!.split(", ").sort()).toEqual([a.id, b.id].sort());
    expect(amb.exitCode).toBe(ExitCode.usage);
    // An id that is also the prefix of another's: the exact one.
    copyFileSync(a.file, join(dir, `${a.id}-copy.json`));
    expect(await resolveSession(dir, a.id)).toBe(a.file);
    const none = await refusal(resolveSession(dir, "zzz"));
    expect([none.message, none.exitCode, none.hint]).toEqual([
      `no session "zzz" in ${dir}`,
      ExitCode.input,
      "list sessions with `golive list`",
    ]);
  });
});
