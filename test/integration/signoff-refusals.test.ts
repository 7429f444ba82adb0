/**
 * Sign-off refusals the first suite never tried through the CLI: success while green takes 10 %
 * (read back from the sandbox), and a record whose events were edited and whose whole chain, head
 * and count were recomputed to match. (Success after a rollback and a second sign-off: the
 * cockpit-on-engine test, test/ui/cockpit-engine.test.tsx.)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import { ExitCode } from "../../source/domain/errors.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { engineOnSandbox, GO_ITEMS } from "../helpers/engine.js";
import { tempDir } from "../helpers/paths.js";
import { weightsOnAws } from "../helpers/sandbox.js";
import { newSeedSession } from "../helpers/session.js";

describe("golive sign", () => {
  it("refuses success while AWS has green at 10 %, naming the weights it read back; nothing is recorded", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.monitor.pollProbes();
      for (const item of GO_ITEMS) await rig.store.append("item.checked", { item }, "Ann");
      expect(await rig.engine.promote({ by: "Ann" })).toMatchObject({ ok: true });
      expect(weightsOnAws(rig.sb)).toEqual({ blue: 90, green: 10 });
      const before = rig.store.events.length;
      await rig.store.close();
      const clock = { now: () => rig.sb.clock.now() };
      const r = await golive(
        ["sign", "--status", "success", "--signer", "Ann", "--session", rig.store.file],
        {
          clock,
        },
      );
      expect(r.code, r.stderr).toBe(ExitCode.refused);
      expect(r.stderr).toContain("✖ green is not serving 100 % (AWS last confirmed blue 90 / green 10)");
      expect(r.stderr).toMatch(/refused: cannot sign success with \d+ open point/);
      const json = await golive(["export", "--format", "json", "--out", "-", "--session", rig.store.file], {
        clock,
      });
      const events = JSON.parse(json.stdout).session.events as { type: string }[];
      expect(events).toHaveLength(before);
      expect(events.some((e) => e.type === "session.signed")).toBe(false);
    } finally {
      await rig.stop();
    }
  });
});

describe("golive verify", () => {
  it("an export with an event edited and the chain, head and count recomputed fails: the sign-off signs the original head", async () => {
    const dir = tempDir();
    const { store } = await newSeedSession(dir);
    await store.append("note.added", { text: "blue at 100 % confirmed by Bob" }, "lead");
    await store.close();
    const g = (args: string[]) => golive(args, { sessions: dir, clock: fixedClock("2026-11-23T13:00:00Z") });
    expect((await g(["sign", "--status", "success", "--signer", "Lead", "--accept", "fixture"])).code).toBe(
      0,
    );
    const out = join(dir, "record.json");
    expect((await g(["export", "--format", "json", "--out", out, "--session", store.file])).code).toBe(0);
    expect((await g(["verify", out, "--require-signed"])).code).toBe(0);

    // The forger edits the note and recomputes every hash after it, the head and the count.
    const exp = JSON.parse(readFileSync(out, "utf8"));
    const events = exp.session.events as {
      seq: number;
      prev: string;
      hash: string;
      data: { text?: string };
    }[];
    events[1]!.data.text = "blue at 100 % confirmed by Mallory";
    for (let i = 1; i < events.length; i++) {
      events[i]!.prev = events[i - 1]!.hash;
      events[i]!.hash = hashEvent(events[i]!);
    }
    exp.head = events.at(-1)!.hash;
    exp.eventCount = events.length;
    writeFileSync(out, JSON.stringify(exp));

    const r = await g(["verify", out]);
    expect(r.code).toBe(ExitCode.verifyFailed);
    expect(r.stderr).toContain("NOT VERIFIED: the sign-off (event #3) does not sign the events before it");
  });
});
