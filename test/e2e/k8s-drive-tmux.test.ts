/**
 * Driving the Deployment from the cockpit in real tmux (`golive demo --runbook go-live`): `P` pauses
 * and resumes the rollout, each confirmed only once the real kubectl and golive read spec.paused
 * back; `i` sets the image — a Deployment changed by kubectl under the dialog gets nothing (said,
 * recorded, the new situation shown), the next `y` sends exactly what it shows and is claimed only
 * when the rollout completes on it; an API that does not answer offers the exact kubectl command.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLOCKED_SPEED, fault, fits, recorded, waitOnClock } from "../helpers/demo.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { runKubectl } from "../helpers/sandbox.js";
import { cockpitEnv, killTmuxServer, TmuxSession } from "../helpers/tmux.js";

afterAll(() => killTmuxServer());

const DEP = "nba-mcp-synthesis";
const size = { columns: 200, rows: 50 };
/** The dialog's lines joined again (a long command is cut into lines, never truncated). */
const unwrap = (screen: string) =>
  screen
    .split("\n")
    .map((l) =>
      l
        .replace(/^\s*║ ?/, "")
        .replace(/\s*║\s*$/, "")
        .trim(),
    )
    .join("");

describe("the Deployment driven from the cockpit", () => {
  it("P pauses and resumes, i sets the image bound to what it showed, API down offers kubectl", async () => {
    const port = await freePortPair();
    const sessions = tempDir("k8s-drive-");
    const t = await TmuxSession.start(
      `k8s-drive-${port}`,
      size,
      `node ${BIN} demo --runbook go-live --scenario steady --speed ${CLOCKED_SPEED} --port ${port}`,
      cockpitEnv(sessions, { NO_COLOR: "1" }),
    );
    try {
      const kubeconfig = join(sessions, `.sandbox-${port}`, "kubeconfig");
      const k = (...a: string[]) => runKubectl(kubeconfig, a);
      const dep = async () =>
        JSON.parse((await k("get", `deployment/${DEP}`, "-n", "nba-mcp", "-o", "json")).stdout);
      // The cockpit (and with it the sandbox) is up before its clock can be moved.
      await t.waitFor((x) => x.includes(`K8S nba-mcp/${DEP}`), "the cockpit", 60_000);
      // The pipeline rolls out 2.1 a sandbox minute in: the clock moves it on until it is complete.
      await waitOnClock(
        { t, port },
        (x) => x.includes(`K8S nba-mcp/${DEP} COMPLETE`) && x.includes(`→ rev 2 ${DEP}:2.1`),
        "the rollout of 2.1 complete",
      );

      await t.keys("P");
      const pause = await t.waitFor((x) => x.includes("y sends exactly: pause"), "the pause plan");
      expect(fits(pause, size)).toBe(true);
      expect(pause).toContain(`pause the rollout of nba-mcp/${DEP}: spec.paused false → true`);
      expect(unwrap(pause)).toMatch(
        /By hand, the same change:\s*kubectl .*rollout\s*pause\s*'deployment\/nba-mcp-synthesis'/,
      );
      expect((await dep()).spec.paused).toBeFalsy();
      await t.keys("y");
      await t.waitFor((x) => x.includes("✓ pause confirmed by the API: spec.paused=true"), "pause confirmed");
      expect((await dep()).spec.paused).toBe(true);
      await t.waitFor((x) => x.includes("PAUSED"), "the pane shows it paused");

      await t.keys("P");
      await t.waitFor((x) => x.includes("spec.paused true → false"), "the resume plan");
      await t.keys("y");
      await t.waitFor(
        (x) => x.includes("✓ resume confirmed by the API: spec.paused=false"),
        "resume confirmed",
      );
      expect((await dep()).spec.paused).toBeFalsy();

      await t.keys("i");
      await t.waitFor((x) => x.includes("new image"), "the image prompt");
      await t.keys(`${DEP}:2.2`, "Enter");
      await t.waitFor(
        (x) =>
          x.includes(
            `y sends exactly: set image of nba-mcp/${DEP} container ${DEP}: ${DEP}:2.1 → ${DEP}:2.2`,
          ),
        "the set-image plan",
      );
      // Someone changes the Deployment under the dialog: y must send nothing.
      const by = await k("set", "image", `deployment/${DEP}`, "-n", "nba-mcp", `${DEP}=${DEP}:2.3`);
      expect(by.code, by.stderr).toBe(0);
      await t.keys("y");
      const changed = await t.waitFor(
        (x) => x.includes("the Deployment changed since the dialog — nothing was sent"),
        "nothing sent: changed",
      );
      expect(changed).toContain(`${DEP}:2.3 → ${DEP}:2.2`);
      expect((await dep()).spec.template.spec.containers[0].image).toBe(`${DEP}:2.3`);
      await t.keys("y");
      await t.waitFor(
        (x) => x.includes("✓ set-image confirmed: rollout complete on revision"),
        "set-image confirmed",
        90_000,
      );
      const after = await dep();
      expect(after.spec.template.spec.containers[0].image).toBe(`${DEP}:2.2`);
      const status = await k("rollout", "status", `deployment/${DEP}`, "-n", "nba-mcp", "--timeout=10s");
      expect(status.stdout).toContain("successfully rolled out");

      // The API does not answer: nothing is claimed, the same change is offered as kubectl.
      await fault(port, "api", "kubernetes", "503", "50");
      await t.keys("P");
      const down = await t.waitFor(
        (x) => x.includes("Nothing can be sent from here. By hand:"),
        "kubectl offered",
      );
      expect(unwrap(down)).toMatch(/By hand:\s*kubectl .*rollout\s*pause\s*'deployment\/nba-mcp-synthesis'/);
      await t.keys("Escape");
      // q only once Escape has closed the dialog: read together, ESC and q are Alt-q (the whole
      // run once left the dialog open here at load ~45).
      await t.waitFor((x) => !x.includes("Nothing can be sent from here"), "the dialog closed");
      await fault(port, "clear");

      await t.keys("q");
      await t.waitFor((x) => x.includes("demo ended"), "the cockpit closed", 20_000);
      const k8s = (await recorded(sessions))
        .filter((e) => e.type === "k8s.action" && e.data.action !== "undo")
        .map((e) => `${e.data.action} ${e.data.phase}`);
      expect(k8s).toEqual([
        "pause requested",
        "pause confirmed",
        "resume requested",
        "resume confirmed",
        "set-image requested",
        "set-image failed",
        "set-image requested",
        "set-image confirmed",
      ]);
    } finally {
      t.kill();
    }
  }, 300_000);
});
