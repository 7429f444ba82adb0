/**
 * `golive demo --team` on one machine: the lead's cockpit and, in a tmux pane beside it, a viewer
 * on a second "bastion" that is another person to AWS (moto's STS). The step to 100 % waits for the
 * viewer's approval: the lead's header says WAITING, the viewer's v shows the change, y approves it,
 * and the lead's promote goes out — both panes read LIVE blue 0 / green 100.
 */
import { afterAll, describe, expect, it } from "vitest";
import { goWithOverride } from "../helpers/demo.js";
import { motoAbsent } from "../helpers/moto.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

const skip = motoAbsent("demo-team-approval-tmux.test.ts");

describe.skipIf(skip)("demo --team: two-person approval on one machine", () => {
  afterAll(() => killTmuxServer());

  it("p to 100 % waits on the lead; v and y in the viewer's pane approve it; both read LIVE", async () => {
    const port = await freePortPair();
    const t = await TmuxSession.start(
      `demo-team-${port}`,
      { columns: 230, rows: 55 },
      `node ${BIN} demo --team --speed 60 --port ${port}`,
      cockpitEnv(tempDir("demo-team-"), { NO_COLOR: "1", GOLIVE_USER: "ann" }),
    );
    await t.waitFor(
      (x) => x.includes("PRE-FLIGHT") && /blue 100 █+/.test(x),
      "the lead's first frame",
      60_000,
    );
    const viewer = t.pane(1);
    await viewer.waitFor(
      (x) => x.includes("READ-ONLY") && x.includes("v approve"),
      "the viewer offering v",
      60_000,
    );
    for (const [pct, shown] of [
      [10, "CANARY 10 %"],
      [50, "CANARY 50 %"],
    ] as const) {
      await goWithOverride(t, pct);
      await t.keys("y");
      await t.waitFor((x) => x.includes(shown) && x.includes("promote confirmed by AWS"), shown);
    }
    // The monitor may still be taking in the step (p is refused while a change is in flight): asked again.
    for (let i = 0; i < 20; i++) {
      await t.keys("Escape");
      await t.keys("p");
      if (
        await t
          .waitFor((x) => x.includes("Promote to 100 % green"), "the 100 % dialog", 3_000)
          .catch(() => "")
      )
        break;
    }
    await t.waitFor((x) => x.includes("o overrides"), "the 100 % dialog's override");
    await t.keys("o");
    await t.waitFor((x) => x.includes("override reason"), "override input");
    await t.keys("to-100");
    await t.waitFor((x) => x.includes("to-100"), "override reason typed");
    await t.keys("Enter");
    await t.keys("y");
    await t.waitFor(
      (x) => x.includes("WAITING for a second person's approval of promote to 100 %"),
      "the lead waiting",
    );
    let screen = "";
    for (let i = 0; i < 20 && !screen.includes("y approves exactly this change"); i++) {
      await viewer.keys("Escape");
      await viewer.keys("v");
      screen = await viewer
        .waitFor(
          (x) => /change to +blue 0 \/ green 100|nothing to approve/.test(x),
          "the approve dialog",
          15_000,
        )
        .catch(() => "");
    }
    expect(screen).toMatch(/requested by +arn:aws:sts::\d+:assumed-role\/golive-demo\/lead/);
    expect(screen).toMatch(/you are +arn:aws:sts::\d+:assumed-role\/golive-demo\/approver/);
    await viewer.keys("y");
    await t
      .waitFor((x) => /LIVE/.test(x) && /blue 0 .* green 100/.test(x), "the lead LIVE after the approval")
      .catch(async (e: Error) => {
        // The lead's screen alone does not say whether the viewer's y was taken: both panes.
        throw new Error(`${e.message}\n--- the viewer's pane:\n${await viewer.screen()}`);
      });
    await viewer.waitFor((x) => /LIVE/.test(x), "the viewer LIVE");
  }, 240_000);
});
