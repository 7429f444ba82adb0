/** `golive ecs …`: the ECS steps of the blue/green runbook (snapshot, deploy green, scale blue). */
import type { Command } from "commander";
import type { Run } from "../cli.js";

export function addEcsCommands(program: Command, run: Run, session: (c: Command) => Command): void {
  const ecs = program.command("ecs").description("ECS steps of the blue/green runbook");
  session(ecs.command("snapshot").description("record both services' state before the deploy")).action(
    run(async () => ({ run: (await import("../commands/engine-ops.js")).ecsSnapshot as never })),
  );
  session(
    ecs
      .command("deploy-green")
      .description(
        "register a task definition (--file) and create or update the green service, then wait for steady state",
      )
      .option("--file <task-def.json>", "task definition to register first")
      .option("--task-definition <ref>", "family:revision or ARN to deploy")
      .option("--count <n>", "desired tasks", "3")
      .option("--wait <seconds>", "how long to wait for steady state", "600")
      .option("--yes", "do not ask for confirmation (scripts)"),
  ).action(run(async () => ({ run: (await import("../commands/engine-ops.js")).ecsDeployGreen as never })));
  session(
    ecs
      .command("scale-blue")
      .description("scale blue down after the stable hour on 100 % green")
      .option("--count <n>", "desired tasks", "0")
      .option("--override <reason>", "scale down before the stable hour; recorded")
      .option("--yes", "do not ask for confirmation (scripts)"),
  ).action(run(async () => ({ run: (await import("../commands/engine-ops.js")).ecsScaleBlue as never })));
}
