/**
 * `i` and `P` in an EKS session's cockpit (ui/app/kube-keys.ts), wired as `golive open` wires them
 * (commands/cockpit.ts buildModel + openEngine) to the real engine and the in-process sandbox's
 * Kubernetes API. What the Deployment holds is read from the sandbox's own cluster, never through
 * golive's client: `y` sends exactly the change the dialog showed, or nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { buildModel } from "../../source/commands/cockpit-model.js";
import type { Ctx } from "../../source/commands/context.js";
import type { EngineHandle } from "../../source/commands/engine-context.js";
import { openEngine } from "../../source/commands/engine-open.js";
import { App } from "../../source/ui/app/App.js";
import { makeTheme } from "../../source/ui/theme.js";
import { golive } from "../helpers/cli.js";
import { renderAt } from "../helpers/ink.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { runKubectl, startSandbox } from "../helpers/sandbox.js";

const theme = makeTheme({ NO_COLOR: "1" });
/**
 * The dialog's lines as one: its command by hand wraps at the box's edge, wherever the kubeconfig's
 * path (under the temp dir) makes it long enough to.
 */
const unwrapped = (frame: string) => frame.replace(/ *║\n *║ */g, " ");
const DEP = "nba-mcp-synthesis";
let s: Awaited<ReturnType<typeof startSandbox>>;
let h: EngineHandle | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
  await s?.sb.stop();
});

/** The Deployment as the sandbox's cluster holds it. */
function deployment() {
  const d = [...s.sb.kube.cluster.deployments.values()].find((x) => x.name === DEP)!;
  return {
    generation: d.generation,
    images: d.spec.template.spec.containers.map((c) => c.image),
    paused: d.spec.paused === true,
  };
}

async function eksCockpit() {
  s = await startSandbox();
  const sessions = tempDir();
  const config = join(tempDir(), "environment.json");
  const raw = JSON.parse(readFileSync(s.files.config, "utf8"));
  writeFileSync(config, JSON.stringify({ ...raw, kubernetes: { ...raw.kubernetes, release: true } }));
  const clock = { now: () => s.sb.clock.now() };
  const made = await golive(
    ["new", "--runbook", `${ROOT}/checklists/deployment.md`, "--config", config, "--t0", "now"],
    { sessions, clock },
  );
  if (made.code !== 0) throw new Error(made.stderr);
  const ctx: Ctx = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: { GOLIVE_USER: "ann" },
    cwd: tempDir(),
    clock,
  };
  h = await openEngine(ctx, { sessions }, "golive open", {
    clock: { now: clock.now, sleep: () => new Promise((r) => setTimeout(r, 5)) },
  });
  expect(h.engine.controller.kubeActions).toBeDefined();
  // As `golive open` does: the Kubernetes pane follows the Deployment (P reads pause or resume from it).
  h.engine.rollout!.start();
  const model = buildModel(ctx, h.store, h.runbook, h, "ann", clock.now);
  const size = { columns: 140, rows: 44 };
  const c = renderAt(<App model={model} theme={theme} copy={() => {}} size={size} />, size);
  await c.waitFor((f) => f.includes("BLUE") && f.includes("GREEN"), "the cockpit");
  return { c, store: h.store };
}

/** Moves the sandbox clock in 5 s steps until `done` holds (pods start, the rollout controller acts). */
async function clockUntil(done: () => boolean, what: string) {
  for (let i = 0; i < 400; i++) {
    if (done()) return;
    s.sb.clock.advance(5_000);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the sandbox clock moved 2000 s and still not: ${what}`);
}

const k8sRecords = (store: EngineHandle["store"]) =>
  store.events.filter((e) => e.type === "k8s.action").map((e) => e.data as Record<string, unknown>);

describe("i and P in an EKS session, on the sandbox's Kubernetes API", () => {
  it("P pauses the rollout (read back from the cluster), P again offers resume; a plan whose Deployment moved sends nothing", async () => {
    const { c, store } = await eksCockpit();
    const before = deployment();
    expect(before.paused).toBe(false);

    await c.press("P");
    const plan = await c.waitFor((f) => f.includes("y sends exactly"), "the pause plan");
    expect(plan).toContain("Pause the rollout");
    expect(plan).toContain(`as read`);
    expect(plan).toContain(`generation ${before.generation}`);
    expect(unwrapped(plan)).toMatch(/kubectl .*rollout pause/);
    expect(deployment().paused).toBe(false);
    await c.press("y");
    await c.waitFor(() => deployment().paused, "spec.paused in the cluster");
    await c.waitFor((f) => !f.includes("Pause the rollout"), "the dialog closed");
    expect(deployment().images).toEqual(before.images);

    // P again, once the pane has read the pause (its next poll, taken now rather than waited for): the dialog is the resume, and only that.
    await h!.engine.rollout!.poll();
    expect(h!.engine.rollout!.snapshot.view?.paused).toBe(true);
    await c.press("P");
    const resume = await c.waitFor(
      (f) => f.includes("Resume the rollout") && f.includes("y sends"),
      "resume",
    );
    expect(resume).toContain("PAUSED");
    // Someone else moves the Deployment on (another generation) while the dialog is open.
    const scaled = await runKubectl(s.files.kubeconfig, [
      "scale",
      `deployment/${DEP}`,
      "-n",
      "nba-mcp",
      "--replicas=5",
    ]);
    expect(scaled.code, scaled.stderr).toBe(0);
    const gen = deployment().generation;
    expect(gen).toBeGreaterThan(before.generation + 1);
    expect(deployment().paused).toBe(true);
    await c.press("y");
    const refused = await c.waitFor((f) => f.includes("nothing was sent"), "the change refused");
    expect(refused).toContain("the Deployment changed since the dialog");
    expect(deployment()).toMatchObject({ paused: true, generation: gen });
    // The refusal is on record, and the new situation is offered: y now resumes generation `gen`.
    await c.waitFor((f) => f.includes(`generation ${gen}`), "the new situation");
    await c.press("y");
    await c.waitFor(() => !deployment().paused, "resumed in the cluster");
    await c.waitFor(
      () => k8sRecords(store).some((d) => d.action === "resume" && d.phase === "confirmed"),
      "the resume confirmed on record",
    );
    expect(k8sRecords(store).map((d) => `${d.action} ${d.phase}: ${d.detail}`)).toEqual([
      `pause requested: pause the rollout of nba-mcp/${DEP}: spec.paused false → true`,
      "pause confirmed: pause confirmed by the API: spec.paused=true",
      `resume requested: resume the rollout of nba-mcp/${DEP}: spec.paused true → false`,
      `resume failed: resume NOT sent: the Deployment changed since it was shown (generation ${gen - 1} → ${gen}: ${DEP}:2.0, paused)`,
      `resume requested: resume the rollout of nba-mcp/${DEP}: spec.paused true → false`,
      "resume confirmed: resume confirmed by the API: spec.paused=false",
    ]);
  });

  it("i: a bad reference is refused in the dialog; the same image is nothing to send; a new one is sent and followed to completion", async () => {
    const { c, store } = await eksCockpit();
    const before = deployment();
    await c.press("i");
    await c.waitFor(
      (f) => f.includes("Set the Deployment's image") && f.includes("new image"),
      "the image input",
    );
    await c.press("not an image!");
    await c.press("\r");
    await c.waitFor((f) => f.includes('"not an image!" is not an image reference (e.g. app:2.1)'), "refused");
    await c.press("\u001b");
    await c.waitFor((f) => !f.includes("Set the Deployment's image"), "closed");
    expect(deployment()).toEqual(before);

    await c.press("i");
    await c.waitFor((f) => f.includes("new image"), "the image input again");
    await c.press(before.images[0]!);
    await c.press("\r");
    const same = await c.waitFor((f) => f.includes("nothing to send: it already runs"), "nothing to send");
    expect(same).toContain("n / Esc closes");
    await c.press("y");
    await c.waitFor((f) => f.includes("nothing to send"), "y sends nothing");
    expect(deployment().generation).toBe(before.generation);
    await c.press("n");
    await c.waitFor((f) => !f.includes("Set the Deployment's image"), "closed");

    await c.press("i");
    await c.waitFor((f) => f.includes("new image"), "the image input a third time");
    await c.press(`${DEP}:2.1`);
    await c.press("\r");
    const plan = await c.waitFor((f) => f.includes("y sends exactly"), "the set-image plan");
    expect(unwrapped(plan)).toMatch(/kubectl .*set image/);
    expect(deployment().images).toEqual(before.images);
    await c.press("y");
    await c.waitFor(() => deployment().images[0] === `${DEP}:2.1`, "the image in the cluster");
    await clockUntil(
      () => k8sRecords(store).some((d) => d.action === "set-image" && d.phase === "confirmed"),
      "the rollout confirmed",
    );
    expect(deployment().images).toEqual([`${DEP}:2.1`]);
    expect(k8sRecords(store).map((d) => `${d.action} ${d.phase}`)).toEqual([
      "set-image requested",
      "set-image confirmed",
    ]);
  });
});
