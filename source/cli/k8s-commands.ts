/** `golive k8s …`: the Kubernetes Deployment being released. */
import type { Command } from "commander";
import type { Run } from "../cli.js";

export function addK8sCommands(program: Command, run: Run, session: (c: Command) => Command): void {
  const k8s = program
    .command("k8s")
    .description("the Kubernetes Deployment being released: read its rollout, set its image, roll it back");
  const k8sVerb = (verb: "status" | "rolloutStatus" | "setImage" | "undo" | "pause" | "resume") =>
    run(async () => ({ run: (await import("../commands/k8s.js"))[verb] as never }));
  const deploymentOpt = (c: Command) =>
    session(c.option("--deployment <name>", "the Deployment (default: kubernetes.deployment in the config)"));
  deploymentOpt(
    k8s
      .command("status")
      .description("the rollout now: revisions, replicas, conditions, pods and why they are not ready")
      .option("--json", "machine-readable output"),
  ).action(k8sVerb("status"));
  deploymentOpt(
    k8s
      .command("rollout-status")
      .description(
        "follow the rollout until it completes (exit 0), misses its deadline or --timeout (exit 7)",
      )
      .option("--timeout <seconds>", "give up after this long", "600")
      .option("--json", "machine-readable output"),
  ).action(k8sVerb("rolloutStatus"));
  deploymentOpt(
    k8s
      .command("set-image")
      .argument("<image>", "the new image, e.g. app:2.1")
      .description(
        "set the Deployment's image, then follow the rollout; confirmed only when it completes on that image",
      )
      .option("--timeout <seconds>", "how long to follow the rollout", "600")
      .option("--yes", "do not ask for confirmation (scripts)"),
  ).action(k8sVerb("setImage"));
  deploymentOpt(
    k8s
      .command("undo")
      .description("roll back as `kubectl rollout undo` does (previous revision's template), then follow it")
      .option("--to-revision <n>", "the revision to go back to (default: the previous one)")
      .option("--reason <text>", "why (goes in the record)")
      .option("--timeout <seconds>", "how long to follow the rollout", "600")
      .option("--yes", "do not ask for confirmation (scripts)"),
  ).action(k8sVerb("undo"));
  for (const verb of ["pause", "resume"] as const)
    deploymentOpt(
      k8s
        .command(verb)
        .description(`${verb} the Deployment's rollout, confirmed by reading spec.paused back`)
        .option("--yes", "do not ask for confirmation (scripts)"),
    ).action(k8sVerb(verb));
}
