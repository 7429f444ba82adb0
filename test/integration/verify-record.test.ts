/**
 * `golive verify` on the records it is handed (commands/verify.ts): --json for scripts, a file it
 * cannot read, a JSON file that is not a record, an export whose count lies, an event slipped in
 * after the sign-off with the chain recomputed, and amendments counted. In-process with a fixed
 * clock; every record is written by golive itself (new, note, sign, export), then edited as a
 * forger would.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import { ExitCode } from "../../source/domain/errors.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

interface Ev {
  seq: number;
  prev: string;
  hash: string;
  type: string;
  amendment?: { why: string };
  data: Record<string, unknown>;
}

/** A signed session exported as JSON; returns the export's path and a golive bound to the dir. */
async function signedExport() {
  const dir = tempDir("tests-verify-");
  const { store } = await newSeedSession(dir);
  await store.append("note.added", { text: "blue healthy" }, "lead");
  await store.close();
  const g = (args: string[]) => golive(args, { sessions: dir, clock: fixedClock("2026-11-23T13:00:00Z") });
  expect((await g(["sign", "--status", "success", "--signer", "Lead", "--accept", "fixture"])).code).toBe(0);
  const out = join(dir, "record.json");
  expect((await g(["export", "--format", "json", "--out", out, "--session", store.file])).code).toBe(0);
  return { dir, out, g, file: store.file };
}

/** Rewrites an export's events and recomputes every hash, the head and the count: a careful forger. */
function forge(out: string, edit: (events: Ev[]) => void) {
  const exp = JSON.parse(readFileSync(out, "utf8"));
  const events = exp.session.events as Ev[];
  edit(events);
  for (let i = 1; i < events.length; i++) {
    events[i]!.prev = events[i - 1]!.hash;
    events[i]!.hash = hashEvent(events[i]!);
  }
  exp.head = events.at(-1)!.hash;
  exp.eventCount = events.length;
  writeFileSync(out, JSON.stringify(exp));
}

describe("golive verify", () => {
  it("--json: ok with the count, head and signer; a failure names the event it stopped at", async () => {
    const { out, g } = await signedExport();
    const ok = await g(["verify", out, "--json"]);
    expect(ok.code).toBe(0);
    const body = JSON.parse(ok.stdout);
    const exp = JSON.parse(readFileSync(out, "utf8"));
    expect(body).toEqual({
      ok: true,
      file: out,
      events: exp.session.events.length,
      head: exp.head,
      signed: { seq: exp.session.events.length, status: "success", signer: "Lead" },
      amendments: 0,
    });

    // An event slipped in after the sign-off, not marked as an amendment, chain recomputed.
    forge(out, (events) => {
      const last = events.at(-1)!;
      events.push({ ...last, seq: last.seq + 1, type: "note.added", data: { text: "added later" } });
    });
    const bad = await g(["verify", out, "--json"]);
    expect(bad.code).toBe(ExitCode.verifyFailed);
    const n = exp.session.events.length + 1;
    expect(JSON.parse(bad.stdout)).toEqual({
      ok: false,
      file: out,
      seq: n,
      problem: `event #${n} comes after the sign-off but is not marked as an amendment`,
    });
    expect(bad.stderr).toBe("");
  });

  it("an amendment after the sign-off is counted, not refused", async () => {
    const { out, g } = await signedExport();
    forge(out, (events) => {
      const last = events.at(-1)!;
      events.push({
        ...last,
        seq: last.seq + 1,
        type: "note.added",
        amendment: { why: "ticket number corrected" },
        data: { text: "ticket number corrected" },
      });
    });
    const r = await g(["verify", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/signed success by Lead at event #\d+, 1 amendment after it$/m);
  });

  it("an export whose event count is not what it holds fails", async () => {
    const { out, g } = await signedExport();
    const exp = JSON.parse(readFileSync(out, "utf8"));
    exp.eventCount += 2;
    writeFileSync(out, JSON.stringify(exp));
    const r = await g(["verify", out]);
    expect(r.code).toBe(ExitCode.verifyFailed);
    expect(r.stderr).toBe(
      `golive: ${out}: NOT VERIFIED: the export says ${exp.eventCount} events but holds ${exp.session.events.length}\n`,
    );
  });

  it("JSON that is not a golive record, and a file that cannot be read, say so in one line", async () => {
    const dir = tempDir("tests-verify-");
    const other = join(dir, "package.json");
    writeFileSync(other, JSON.stringify({ format: "npm-lock", name: "x" }));
    const g = (args: string[]) => golive(args, { sessions: dir });
    const r = await g(["verify", other]);
    expect(r.code).toBe(ExitCode.verifyFailed);
    expect(r.stderr).toBe(
      `golive: ${other}: NOT VERIFIED: not a golive export or session (format is "npm-lock")\n`,
    );

    const missing = await g(["verify", join(dir, "nope.json")]);
    expect(missing.code).toBe(ExitCode.input);
    expect(missing.stderr).toMatch(/nope\.json: cannot read \(ENOENT\)/);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a session file is verified with its journal; NOT SIGNED while it is open", async () => {
    const dir = tempDir("tests-verify-");
    const { store } = await newSeedSession(dir);
    await store.append("note.added", { text: "one" }, "lead");
    await store.close();
    const r = await golive(["verify", store.file], { sessions: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/— \d+ events, chain intact, head [0-9a-f]{64}; NOT SIGNED/);
    const signed = await golive(["verify", store.file, "--require-signed"], { sessions: dir });
    expect(signed.code).toBe(ExitCode.verifyFailed);
    expect(signed.stderr).toMatch(/NOT VERIFIED: not signed off: the record holds no sign-off event/);
  });
});
