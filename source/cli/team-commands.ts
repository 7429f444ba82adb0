/**
 * Team mode's commands: `golive lead` (the lead lease), `golive approve` (two-person approval) and
 * `golive join` (a copy of a shared session).
 */
import type { Command } from "commander";
import type { Run } from "../cli.js";

export function addTeamCommands(program: Command, run: Run, session: (c: Command) => Command): void {
  session(
    program
      .command("lead")
      .description("who leads this team session (the lease in S3); --take takes it (only the lead promotes)")
      .option("--take", "take the lead lease (refused while another holder's lease is valid)")
      .option("--reason <text>", "why (needed to take it from someone; recorded)")
      .option("--force", "take it even from a holder whose lease is still valid (recorded)"),
  ).action(run(() => import("../commands/lead.js")));
  session(
    program
      .command("approve")
      .description(
        "two-person approval: show the exact change the lead's promote waits on and approve it as your own AWS identity (STS), recorded in S3",
      )
      .option("--request <id>", "which open request (when there are several)")
      .option("--yes", "approve without asking (the change is still shown)"),
  ).action(run(() => import("../commands/approve.js")));
  program
    .command("join")
    .argument("<id>", "the session's id")
    .requiredOption("--config <file>", "an environment config whose team.s3 names the shared store")
    .option("--sessions <dir>", "where this bastion keeps sessions (default ./sessions or GOLIVE_SESSIONS)")
    .description("copy a team session from S3 to this bastion (then watch, lead --take or rollback it)")
    .action(run(async () => ({ run: (await import("../commands/lead.js")).join as never })));
}
