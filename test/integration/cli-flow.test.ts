import { execFile } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";

const run = promisify(execFile);

describe("a lead works through a runbook from the command line", () => {
  it("new → check → record → note → sign → export md/json → verify; tampering is caught", async () => {
    const sessions = tempDir();
    const clock = fixedClock("2026-11-23T11:40:00Z");
    const g = async (args: string[]) => {
      const r = await golive(args, { sessions, clock });
      if (r.code !== 0 && args[0] !== "verify" && args[0] !== "check")
        throw new Error(`${args.join(" ")}: ${r.stderr}`);
      return r;
    };

    const created = await g([
      "new",
      "--runbook",
      "checklists/deployment.md",
      "--t0",
      "2026-11-23T12:00:00Z",
      "--version",
      "2.0",
      "--lead",
      "Ann",
      "--env",
      "production",
      "--json",
    ]);
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout);
    expect(id).toMatch(/^20261123-1140-production-[0-9a-f]{4}$/);

    expect((await g(["check", "i1", "--note", "merged in #412"])).stdout).toContain(
      "✓ i1 All code merged to `main` branch".replace(/`/g, ""),
    );
    clock.advance(60_000);
    expect((await g(["record", "f3", "42ms"])).code).toBe(0);
    expect((await g(["record", "f14", "ok"])).stdout).toContain("f14 T+15 Status = OK");
    expect((await g(["record", "f15", "steady | no alarms"])).code).toBe(0);
    expect((await g(["note", "DB backup verified by Bob"])).code).toBe(0);

    const status = JSON.parse((await g(["status", "--json"])).stdout);
    expect(status).toMatchObject({ session: id, tClock: "T-00:19:00", progress: { done: 1, total: 98 } });
    const verification = status.phases.find(
      (p: { title: string }) => p.title === "Pre-Deployment Verification",
    );
    expect(verification.status).toBe("current");
    const text = (await g(["status"])).stdout;
    expect(text).toMatch(/▶ T-30m\s+11:30 Pre-Deployment Verification/);
    expect(text).toMatch(/! T-24h\s+12:00 Pre-Deployment \(T-24 hours\)\s+1\/23 OVERDUE/);

    // Success with nearly everything open is refused, listing what is open; --accept signs and records it.
    const refused = await golive(["sign", "--status", "success", "--signer", "Ann Lead"], {
      sessions,
      clock,
    });
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain("✖ i2 open: Version number updated (semantic versioning)");
    expect(refused.stderr).toContain("✖ traffic never read back from AWS");
    expect(refused.stderr).toMatch(/golive: refused: cannot sign success with \d+ open point\(s\)/);
    expect(
      (await g(["sign", "--status", "success", "--signer", "Ann Lead", "--accept", "paper drill"])).stdout,
    ).toMatch(/signed success by Ann Lead as Deployment Lead — ACCEPTED \d+ open point\(s\)/);
    const md = join(sessions, "record.md");
    expect((await g(["export", "--format", "md", "--out", md])).code).toBe(0);
    const record = readFileSync(md, "utf8");
    expect(statSync(md).mode & 0o777).toBe(0o600);
    expect(record).toContain(
      "- [x] All code merged to `main` branch <sub>✓ tester 2026-11-23 11:40Z — merged in #412 · `i1`</sub>",
    );
    expect(record).toContain("- [ ] Version number updated (semantic versioning)\n");
    expect(record).toContain("  - Latency p95: **42**ms");
    expect(record).toContain("| T+15 | _____% | _____ms | ☑ OK / ☐ Issue | steady \\| no alarms |");
    expect(record).toContain("☑ **SUCCESS** - Deployment complete and stable");
    expect(record).toContain("**Deployment Lead:** **Ann Lead** Date: **2026-11-23** Time: **11:41 UTC**");
    expect(record).toMatch(
      /^> \*\*⚠ SIGNED SUCCESS WITH \d+ OPEN POINT\(S\) ACCEPTED\*\* by Ann Lead at .* — reason: paper drill\./,
    );
    expect(record).toContain("### ⚠ Accepted open at sign-off");
    expect(record).toContain(
      "- i2 open: Version number updated (semantic versioning) (Pre-Deployment (T-24 hours))",
    );
    expect(record).toMatch(
      /\| 1 \| 2026-11-23T11:40:00.000Z \| tester \| session created from "Deployment Checklist"/,
    );
    expect(record).toMatch(/Chain head \(SHA-256 of event #\d+\): `[0-9a-f]{64}`/);

    const json = join(sessions, "record.json");
    expect((await g(["export", "--format", "json", "--out", json])).code).toBe(0);
    const ok = await g(["verify", json]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/verified: .* — \d+ events, chain intact/);

    // One byte changed anywhere in an event → exit 5, naming the event.
    const raw = readFileSync(json, "utf8");
    const tampered = raw.replace('"value": "42"', '"value": "43"');
    expect(tampered).not.toBe(raw);
    writeFileSync(json, tampered);
    const bad = await g(["verify", json]);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toMatch(/NOT VERIFIED: event #\d+ was changed after it was recorded/);

    // An event removed.
    const doc = JSON.parse(raw);
    doc.session.events.splice(3, 1);
    writeFileSync(json, JSON.stringify(doc));
    expect((await g(["verify", json])).stderr).toMatch(/expected event #4 here, found #5/);

    // Reordered.
    const doc2 = JSON.parse(raw);
    [doc2.session.events[2], doc2.session.events[3]] = [doc2.session.events[3], doc2.session.events[2]];
    writeFileSync(json, JSON.stringify(doc2));
    expect((await g(["verify", json])).code).toBe(5);

    // Events cut from the end are caught by the head.
    const doc3 = JSON.parse(raw);
    doc3.session.events.pop();
    doc3.eventCount -= 1;
    writeFileSync(json, JSON.stringify(doc3));
    expect((await g(["verify", json])).stderr).toMatch(/head .* is not its last event's hash/);

    // The signed session is closed: it is no longer the default.
    expect((await g(["check", "i2"])).stderr).toMatch(/no open session/);
    const list = JSON.parse((await g(["list", "--json"])).stdout);
    expect(list[0]).toMatchObject({ id, status: "success" });
  });

  it("gives one-line errors and usage exit codes for bad input", async () => {
    const sessions = tempDir();
    const g = (args: string[]) => golive(args, { sessions });
    const noRunbook = await g(["new", "--runbook", "nope.md"]);
    expect(noRunbook).toMatchObject({ code: 3 });
    expect(noRunbook.stderr).toMatch(/^golive: nope\.md: no such runbook file\n/);
    const badT0 = await g(["new", "--runbook", "checklists/deployment.md", "--t0", "18:00"]);
    expect(badT0.code).toBe(2);
    expect(badT0.stderr).toMatch(/--t0: cannot read "18:00"/);
    const badRb = await g(["new", "--runbook", "test/fixtures/bad/unknown-annotation.md"]);
    expect(badRb.stderr).toMatch(/unknown-annotation\.md:5:13: unknown golive annotation/);
    expect(badRb.stderr).not.toMatch(/at .*\.js/);
    await g(["new", "--runbook", "checklists/go-live.md"]);
    expect((await g(["record", "f1", "x"])).stderr).toMatch(
      /no field "f1" in this runbook \(it has no blanks\)/,
    );
    expect((await g(["check", "i999"])).code).toBe(2);
    expect((await g(["frobnicate"])).code).toBe(2);
    expect((await g(["sign", "--status", "maybe", "--signer", "x"])).code).toBe(2);
    expect((await g(["verify", "checklists/deployment.md"])).stderr).toMatch(
      /is Markdown; verify reads the JSON export/,
    );
  });

  it("spawns as an installed binary: --help is fast to answer and errors never show a stack", async () => {
    const sessions = tempDir();
    const help = await run(process.execPath, [BIN, "--help"], { cwd: ROOT });
    expect(help.stdout).toContain("Usage: golive");
    const err = await run(process.execPath, [BIN, "status", "--sessions", sessions], { cwd: ROOT }).catch(
      (e) => e,
    );
    expect(err.code).toBe(3);
    expect(err.stderr).toBe(
      `golive: no open session in ${sessions}\n  → start one with \`golive new --runbook FILE\`, or pass --session / --sessions\n`,
    );
  });
});
