/**
 * The record's commands: `golive sign` (sign-off, and with --key an SSH signature of the export),
 * `golive anchor` (the chain head on S3 under Object Lock) and `golive verify` (chain, signature,
 * anchor).
 */
import { type Command, Option } from "commander";
import type { Run } from "../cli.js";

export function addSignCommands(program: Command, run: Run, session: (c: Command) => Command): void {
  session(
    program
      .command("sign")
      .description("sign off the deployment; with --key, also sign the JSON export with an SSH key")
      .addOption(
        new Option(
          "--status <status>",
          "outcome (success is refused while required points are open)",
        ).choices(["success", "rolled-back", "in-progress"]),
      )
      .option("--signer <name>", "who signs off (usually the deployment lead); with --status or --role")
      .option(
        "--role <name>",
        "sign one role of the runbook's sign-off block (e.g. Approver); alone, does not close",
      )
      .option(
        "--accept <reason>",
        "sign success although points are open; the list and reason go into the record",
      )
      .option(
        "--key <key>",
        "write the JSON export and sign its bytes (SSH signature, namespace golive) into <export>.sig: a private key file, KEY.pub held by ssh-agent, agent, or agent:SHA256:…; each amendment after sign-off is then re-signed with the same key while it is at hand",
      )
      .option("--out <file>", "with --key: where the JSON export goes (default beside the session)")
      .option("--force", "with --key: replace an export that already exists there"),
  ).action(run(() => import("../commands/sign.js")));

  session(
    program
      .command("anchor")
      .description(
        "anchor a signed session's chain head on S3 under Object Lock now (done by itself at sign-off and each amendment; this is for when S3 was down)",
      ),
  ).action(run(() => import("../commands/anchor.js")));
}

export function addVerifyCommand(program: Command, run: Run): void {
  program
    .command("verify")
    .argument("<file>", "a JSON or HTML export, or a session file")
    .description(
      "recompute the hash chain; exit 5 at the first bad event; optionally check its SSH signature and S3 anchor",
    )
    .option("--json", "machine-readable output")
    .option("--require-signed", "also fail (exit 5) when the record holds no sign-off")
    .option(
      "--allowed-signers <file>",
      "check <file>.sig (SSH signature, namespace golive) against this allowed_signers file",
    )
    .option("--signature <file>", "the signature to check (default <file>.sig)")
    .option(
      "--identity <principal>",
      "with --allowed-signers: require this signer (as ssh-keygen -Y verify -I)",
    )
    .option(
      "--anchor <s3url>",
      "check the chain against its anchor: s3://BUCKET/KEY, or s3://BUCKET/PREFIX/ (the session id is added)",
    )
    .option(
      "--endpoint <url>",
      "with --anchor: an S3-compatible endpoint (default AWS_ENDPOINT_URL_S3, else AWS)",
    )
    .action(run(() => import("../commands/verify.js")));
}
