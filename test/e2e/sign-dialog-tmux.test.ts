/**
 * Issue 13's cockpit sign dialog in real tmux: `S` applies `golive sign`'s rules. Success with open
 * points is refused, listing them, and `y` records nothing; a role alone is signed (its blanks
 * filled); `o` accepts the open points with a reason, shown before `y`, and the record holds exactly
 * the list `golive sign` would refuse on, with the reason.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { recorded } from "../helpers/demo.js";
import { BIN, SEEDS, tempDir } from "../helpers/paths.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

describe("cockpit S: sign-off", () => {
  it("refuses success while points are open, signs a role, accepts with a reason — as golive sign does", async () => {
    const sessions = tempDir("sign-tmux-");
    const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000).toISOString();
    expect(
      (await golive(["new", "--runbook", join(SEEDS, "deployment.md"), "--t0", t0], { sessions })).code,
    ).toBe(0);
    // What `golive sign` refuses on, from a copy of the same session (nothing is recorded by a refusal).
    const cli = await golive(["sign", "--status", "success", "--signer", "lead"], { sessions });
    expect(cli.code).toBe(7);
    const open = Number(/cannot sign success with (\d+) open point/.exec(cli.stderr)![1]);
    const t = await TmuxSession.start(
      "sign",
      { columns: 160, rows: 45 },
      `node ${BIN} open`,
      cockpitEnv(sessions),
    );
    try {
      await t.waitFor((x) => x.includes("Timeline"), "the cockpit");
      await t.keys("S");
      const refused = await t.waitFor((x) => x.includes("Sign off (golive sign's rules)"), "S");
      expect(refused).toContain(`✖ success is refused: ${open} open point(s):`);
      expect(refused).toContain("role: the block's first unsigned one (Tab)");
      await t.keys("y");
      await t.waitFor(
        (x) => x.includes("nothing signed: success is refused while points are open"),
        "y refused",
      );
      expect((await recorded(sessions)).map((e) => e.type)).not.toContain("session.signed");

      // s three times: no status, the role alone.
      await t.keys("s");
      await t.keys("s");
      await t.keys("s");
      const role = await t.waitFor((x) => x.includes("status: none (sign a role only)"), "role only");
      expect(role).toContain("y records: role Deployment Lead signed by lead (the session stays open)");
      await t.keys("y");
      await t.waitFor((x) => x.includes("✓ role Deployment Lead signed by lead (recorded)"), "role signed");

      await t.keys("S");
      await t.waitFor((x) => x.includes("✖ success is refused:"), "S again");
      await t.keys("o");
      await t.waitFor((x) => x.includes("reason for accepting the open points:"), "typing the reason");
      await t.keys("drill night");
      await t.keys("Enter");
      const accepting = await t.waitFor((x) => x.includes("⚠ ACCEPTING"), "the acceptance shown before y");
      expect(accepting).toMatch(/⚠ ACCEPTING \d+ open point\(s\) — reason: drill night/);
      expect(accepting).toContain("y records: signed success by lead");
      await t.keys("y");
      await t.waitFor((x) => x.includes("✓ signed success by lead — ACCEPTED"), "signed");
      const events = await recorded(sessions);
      const fields = events.filter((e) => e.type === "field.recorded").map((e) => e.data.value);
      expect(fields).toContain("lead");
      const signed = events.filter((e) => e.type === "session.signed");
      expect(signed).toHaveLength(1);
      const accepted = signed[0]!.data.accepted as { reason: string; open: string[] };
      expect(accepted.reason).toBe("drill night");
      // The same list golive sign refused on (its sign-off fills the role, as this one did before).
      expect(accepted.open).toHaveLength(open);
      expect(accepted.open.some((x) => x.startsWith("role not signed"))).toBe(false);
      await t.keys("q");
      await t.waitFor((x) => x.includes("[exited 0]"), "quit");
    } finally {
      t.kill();
    }
  }, 90_000);
});
