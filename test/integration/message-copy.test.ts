/**
 * `golive message NAME` and its copy: the record says "osc52" only when the sequence went to a
 * terminal not known to drop it, and the bytes on that terminal are the message; a Linux console,
 * --no-copy and bad --set words are each said, and a refused command records nothing.
 */
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { SEEDS, tempDir } from "../helpers/paths.js";

let sessions: string;
const clock = fixedClock("2026-11-23T11:30:00.000Z");
const g = (args: string[]) => golive(args, { sessions, clock });
const written = async () =>
  JSON.parse((await g(["export", "--format", "json", "--out", "-"])).stdout).session.events.filter(
    (e: { type: string }) => e.type === "message.written",
  ) as { data: { clipboard: string; why?: string; template: string } }[];

/** golive with a terminal behind stdout (isTTY), as when the lead runs it by hand. */
const onTerminal = (args: string[], env: Record<string, string>) =>
  golive(args, { sessions, clock, env: { GOLIVE_USER: "ann", ...env }, tty: true });

beforeEach(async () => {
  sessions = tempDir("message-copy-");
  const made = await g(["new", "--runbook", join(SEEDS, "go-live.md"), "--t0", "2026-11-23T12:00:00Z"]);
  expect(made.code, made.stderr).toBe(0);
});

describe("golive message: what the record says about the copy is what happened", () => {
  it("on a terminal: the OSC 52 sequence carries exactly the message, and the record says osc52", async () => {
    const r = await onTerminal(["message", "critical-issue", "--set", "Impact=none"], {
      TERM: "xterm-256color",
    });
    expect(r.code, r.stderr).toBe(0);
    const osc = /\u001b\]52;c;([A-Za-z0-9+/=]+)\u0007/.exec(r.stdout);
    expect(osc).not.toBeNull();
    const text = r.stdout.slice(0, osc!.index);
    expect(Buffer.from(osc![1]!, "base64").toString("utf8")).toBe(
      text.endsWith("\n") ? text.slice(0, -1) : text,
    );
    expect(r.stderr).toContain("copied with OSC 52 (the terminal must support OSC 52; most do)");
    expect((await written()).map((e) => e.data.clipboard)).toEqual(["osc52"]);
  });

  it("on the Linux console: nothing sent to the terminal, NOT copied and why, on record", async () => {
    const r = await onTerminal(["message", "critical-issue"], { TERM: "linux" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("\u001b]52");
    expect(r.stderr).toContain("NOT copied: the Linux console has no clipboard: copy from the file");
    expect((await written()).map((e) => e.data)).toEqual([
      expect.objectContaining({
        clipboard: "blocked",
        why: "the Linux console has no clipboard: copy from the file",
      }),
    ]);
  });

  it("--no-copy: not copied, said and recorded as none", async () => {
    const r = await onTerminal(["message", "critical-issue", "--no-copy"], { TERM: "xterm-256color" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("\u001b]52");
    expect(r.stderr).toContain("not copied (--no-copy)");
    expect((await written()).map((e) => e.data.clipboard)).toEqual(["none"]);
  });

  it("--set without SLOT= and a template the runbook lacks: exit 2, one line, nothing recorded", async () => {
    const bad = await g(["message", "critical-issue", "--set", "=red"]);
    expect([bad.code, bad.stderr.split("\n")[0]]).toEqual([
      2,
      'golive: --set "=red": expected SLOT=VALUE, e.g. --set "Impact=search is slow"',
    ]);
    const none = await g(["message", "all-clear-party"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^golive: no message template "all-clear-party"; the runbook's are: .*critical-issue.* \(golive message --list\)\n/,
    );
    expect(await written()).toEqual([]);
  });
});
