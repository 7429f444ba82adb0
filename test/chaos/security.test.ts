/**
 * Security: what golive writes is private; no secret reaches a session, export or fallback record
 * whichever way it arrives; commands run only when confirmed and recorded values cannot inject shell;
 * read-only viewers change nothing; the IAM policy is exactly what golive calls.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { iamPolicy, policyActions } from "../../source/domain/iam.js";
import { defaultScenario } from "../../source/sandbox/scenario.js";
import { stateDir } from "../../source/session/fallback.js";
import { lockDir, topRecord } from "../../source/session/lock.js";
import { SessionStore } from "../../source/session/store.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { killTmuxServer, TmuxSession } from "../helpers/tmux.js";
import { recordChaos } from "./record.js";
import { cliRig } from "./rig.js";

afterAll(() => killTmuxServer());

const mode = (f: string) => statSync(f).mode & 0o777;

/** Planted secrets, each the way it tends to turn up. */
const SECRETS = {
  accessKeyId: "AKIAIOSFODNN7PLANTED",
  secretKey: "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",
  secretKeyInFile: "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0UExBTlQ",
  bearer: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFkIn0.c2lnbmF0dXJlLXBsYW50ZWQ",
  password: "hunter2-planted-pw",
  envOnly: "Zq9-shapeless-planted-value",
  privateKey: "MIIEowIBAAKCAQEAplantedprivatekeymaterial",
};

function drillRunbook(dir: string): string {
  const secretsFile = join(dir, "planted-secrets.txt");
  writeFileSync(
    secretsFile,
    [
      `aws_access_key_id = ${SECRETS.accessKeyId}`,
      `aws_secret_access_key = ${SECRETS.secretKeyInFile}`,
      `Authorization: Bearer ${SECRETS.bearer}`,
      `db password: ${SECRETS.password}`,
      "-----BEGIN RSA PRIVATE KEY-----",
      SECRETS.privateKey,
      "-----END RSA PRIVATE KEY-----",
    ].join("\n"),
  );
  const file = join(dir, "drill.md");
  writeFileSync(
    file,
    `# Security drill

## Checks (T-30 Minutes)

- [ ] Release tag: ________
- [ ] Print the secrets file <!-- golive check command -->
  \`\`\`sh
  cat ${secretsFile}
  \`\`\`
- [ ] Echo the tag <!-- golive check command -->
  \`\`\`sh
  echo "tag={{f1}}"; echo "env=$GOLIVE_F1"
  \`\`\`
- [ ] Leave a marker <!-- golive check command -->
  \`\`\`sh
  touch ${join(dir, "ran-marker")}
  \`\`\`
`,
  );
  return file;
}

describe("security", () => {
  it("no planted secret reaches the session, its .bak, the exports or a fallback record; everything is 0600 in 0700", async () => {
    const work = tempDir();
    const rig = await cliRig(join(work, "sessions"), drillRunbook(work));
    const env = { AWS_SECRET_ACCESS_KEY: SECRETS.secretKey, DB_PASSWORD: SECRETS.envOnly };
    const id = basename(rig.file, ".json");
    try {
      const steps: [string, string[]][] = [
        [
          "typed note",
          ["note", `keys ${SECRETS.accessKeyId} / ${SECRETS.secretKey}; token Bearer ${SECRETS.bearer}`],
        ],
        [
          "typed note (password)",
          ["note", `the db password=${SECRETS.password}, and ${SECRETS.envOnly} from my env`],
        ],
        ["recorded value", ["record", "f1", SECRETS.envOnly]],
        ["command output", ["run", "i2", "--yes"]],
        ["check evidence", ["check", "i1", "--evidence", `AWS_SECRET_ACCESS_KEY=${SECRETS.secretKey}`]],
        ["export md", ["export", "--format", "md"]],
        ["export json", ["export", "--format", "json", "--out", join(rig.sessions, "record.json")]],
      ];
      for (const [what, args] of steps) {
        const r = await rig.cli(args, env);
        expect(r.code, `${what}: ${r.stderr}`).toBe(0);
      }
      // A rollback while another golive holds the session: its records go to a fallback file.
      const holder = await SessionStore.open(rig.file, { write: true, command: "another golive" });
      const lockMode = mode(join(lockDir(rig.file), String((await topRecord(rig.file)).number)));
      const rb = await rig.cli(
        ["rollback", "--reason", `leaked ${SECRETS.accessKeyId} password=${SECRETS.password}`, "--yes"],
        env,
      );
      await holder.close();
      expect(rb.code, rb.stderr).toBe(0);
      const fallbacks = [
        join(rig.sessions, `${id}.fallback.jsonl`),
        join(stateDir(), `${id}.fallback.jsonl`),
      ].filter(existsSync);
      expect(fallbacks.length).toBe(1);
      const written = [
        rig.file,
        `${rig.file}.bak`,
        join(rig.sessions, `${id}.signoff.md`),
        join(rig.sessions, "record.json"),
        ...fallbacks,
      ];
      const leaks: string[] = [];
      for (const f of written)
        for (const [name, value] of Object.entries(SECRETS))
          if (readFileSync(f, "utf8").includes(value)) leaks.push(`${name} in ${basename(f)}`);
      const session = readFileSync(rig.file, "utf8");
      const markers = session.match(/\[REDACTED:[a-z-]+\]/g) ?? [];
      const modes = Object.fromEntries(
        written.map((f) => [basename(f).replace(id, "<id>"), mode(f).toString(8)]),
      );
      expect(leaks).toEqual([]);
      expect(new Set(markers).size).toBeGreaterThanOrEqual(5);
      expect(modes).toEqual(Object.fromEntries(Object.keys(modes).map((k) => [k, "600"])));
      expect(mode(rig.sessions).toString(8)).toBe("700");
      expect(lockMode.toString(8)).toBe("600");
      recordChaos({
        area: "security",
        fault:
          "planted secrets: note, recorded value, command output, environment, evidence, rollback reason",
        trials: Object.keys(SECRETS).length * written.length,
        survived: Object.keys(SECRETS).length * written.length - leaks.length,
        lost: 0,
        checked: `0 of ${Object.keys(SECRETS).length} secrets in session, .bak, sign-off md, json export, fallback; ${new Set(markers).size} kinds of [REDACTED] marker; files 0600, lock 0600, dir 0700`,
      });
    } finally {
      await rig.stop();
    }
  });

  it("commands run only when confirmed, and hostile recorded values stay one shell word", async () => {
    const work = tempDir();
    const rig = await cliRig(join(work, "sessions"), drillRunbook(work));
    try {
      const unconfirmed = await rig.cli(["run", "i4"]);
      expect(unconfirmed.code).toBe(7);
      expect(existsSync(join(work, "ran-marker"))).toBe(false);
      const hostile = [
        `$(touch ${work}/pwned1)`,
        `\`touch ${work}/pwned2\``,
        `'; touch ${work}/pwned3; echo '`,
        `"; touch ${work}/pwned4; echo "`,
        `x\ntouch ${work}/pwned5`,
        `$((1+1)) \${HOME} *`,
      ];
      const clean = () => readdirSync(work).every((n) => !n.startsWith("pwned"));
      const recorded = async () =>
        (await SessionStore.open(rig.file, { write: false })).events.filter(
          (e) => e.type === "field.recorded" && (e.data as { field: string }).field === "f1",
        );
      const lastRun = async () =>
        (await SessionStore.open(rig.file, { write: false })).events
          .filter((e) => e.type === "check.ran")
          .at(-1);
      // A plain value goes through literally, twice: through {{f1}} and through $GOLIVE_F1.
      expect((await rig.cli(["record", "f1", "v2.1.0-rc1"])).code).toBe(0);
      const plain = await rig.cli(["run", "i3", "--yes"]);
      const plainEvidence = String(((await lastRun())?.data as { evidence?: string } | undefined)?.evidence);
      expect(plain.code, plain.stderr).toBe(0);
      expect(plainEvidence).toContain("tag=v2.1.0-rc1");
      expect(plainEvidence).toContain("env=v2.1.0-rc1");
      let survived = 0;
      for (const value of hostile) {
        // Refused where it is typed (a value a command uses must be plain data): one line, nothing recorded.
        const before = (await recorded()).length;
        const r = await rig.cli(["record", "f1", value]);
        const refusedAtRecord =
          r.code === 2 && /f1 .*(shell reads as syntax|is not a)/.test(r.stderr.split("\n")[0]!);
        const nothingRecorded = (await recorded()).length === before;
        // And should one reach the session anyway (written by an older golive, merged from a fallback
        // record), the command is refused when it runs: nothing reaches a shell.
        const s = await SessionStore.open(rig.file, { write: true });
        await s.append("field.recorded", { field: "f1", value, source: "manual" }, "older golive");
        await s.close();
        const runs = (await SessionStore.open(rig.file, { write: false })).events.filter(
          (e) => e.type === "check.ran",
        ).length;
        const run = await rig.cli(["run", "i3", "--yes"]);
        const ranNothing =
          run.code === 7 &&
          /shell reads as syntax|is not a/.test(run.stderr) &&
          (await SessionStore.open(rig.file, { write: false })).events.filter((e) => e.type === "check.ran")
            .length === runs;
        if (refusedAtRecord && nothingRecorded && ranNothing && clean()) survived++;
        expect(
          { refusedAtRecord, nothingRecorded, ranNothing, clean: clean() },
          `${value}: ${r.stderr} ${run.stderr}`,
        ).toEqual({
          refusedAtRecord: true,
          nothingRecorded: true,
          ranNothing: true,
          clean: true,
        });
      }
      expect(survived).toBe(hostile.length);
      recordChaos({
        area: "security",
        fault: "unconfirmed command; hostile recorded values in {{f1}} and $GOLIVE_F1",
        trials: hostile.length + 1,
        survived: survived + 1,
        lost: 0,
        checked:
          "no --yes without a TTY: exit 7, not run; a plain value printed literally via {{f1}} and $GOLIVE_F1; $( ), backticks, quotes, newline, globs refused at `record` (exit 2, nothing recorded) and, planted in the session, refused at `run` (exit 7, nothing ran); no file created",
      });
    } finally {
      await rig.stop();
    }
  });

  it("a read-only viewer pressing every key changes neither traffic nor the session", async () => {
    const rig = await cliRig();
    try {
      const before = readFileSync(rig.file);
      const calls = () => rig.sb.world.log.filter((e) => e.operation === "ModifyListener").length;
      const modifies = calls();
      const t = await TmuxSession.start("viewer", { columns: 160, rows: 45 }, `node ${BIN} watch`, {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        TERM: "xterm-256color",
        GOLIVE_SESSIONS: rig.sessions,
        GOLIVE_USER: "viewer",
      });
      try {
        await t.waitFor((s) => s.includes("Timeline"), "the viewer");
        for (const k of ["p", "y", "R", "y", "C-r", "y", "Space", "Enter", "a", "e", "r", "y", "o"])
          await t.keys(k);
        await t.keys("?");
        await t.waitFor((s) => s.includes("read-only viewer"), "the read-only help");
      } finally {
        t.kill();
      }
      const unchanged = readFileSync(rig.file).equals(before) && calls() === modifies;
      expect(unchanged).toBe(true);
      recordChaos({
        area: "security",
        fault: "read-only viewer (golive watch) pressing p, R, Ctrl-R, y, Space, Enter, a, e, r, o",
        trials: 1,
        survived: unchanged ? 1 : 0,
        lost: 0,
        checked: "no ModifyListener reached AWS, session file byte-identical (real tmux)",
      });
    } finally {
      await rig.stop();
    }
  });

  it("the IAM policy doctor prints allows exactly the AWS actions golive was seen calling, write actions on named resources only", async () => {
    // No green service yet, so deploy-green has to create it (the one path that calls CreateService).
    const scenario = defaultScenario();
    scenario.ecs.services = scenario.ecs.services.filter((s) => s.targetGroup !== "green");
    const rig = await cliRig(tempDir(), "checklists/deployment.md", {
      manualClock: false,
      speed: 200,
      scenario,
    });
    try {
      const td = join(tempDir(), "td.json");
      writeFileSync(
        td,
        JSON.stringify({
          family: "nba-mcp-prod",
          containerDefinitions: [{ name: "g", image: "nba-mcp:2.1", essential: true }],
        }),
      );
      for (const args of [
        ["doctor"],
        ["ecs", "snapshot"],
        ["ecs", "deploy-green", "--file", td, "--yes", "--wait", "60"],
        ["baseline"],
        ["metrics"],
        ["promote", "--override", "iam drill", "--yes"],
        ["monitor", "--once"],
        ["rollback", "--reason", "iam drill", "--yes"],
        ["ecs", "scale-blue", "--yes", "--override", "iam drill"],
      ]) {
        const r = await rig.cli(args);
        expect([0, 6, 7], `${args.join(" ")}: ${r.stderr}`).toContain(r.code);
      }
      const service = { elbv2: "elasticloadbalancing", ecs: "ecs", cloudwatch: "cloudwatch" } as Record<
        string,
        string
      >;
      const seen = new Set(
        rig.sb.world.log
          .filter((e) => e.kind === "api" && e.operation && e.service && service[e.service])
          .map((e) => `${service[e.service!]}:${e.operation}`),
      );
      const policy = iamPolicy(rig.config) as {
        Statement: { Action: string[]; Resource: string | string[] }[];
      };
      const allowed = new Set(policyActions(policy));
      const missing = [...seen].filter((a) => !allowed.has(a));
      const unused = [...allowed].filter((a) => !seen.has(a));
      const wide = policy.Statement.filter((s) => s.Resource === "*").flatMap((s) => s.Action);
      expect(missing).toEqual([]);
      expect(unused).toEqual([]);
      expect(
        wide.filter((a) => !/:(Describe|Get|List)/.test(a) && a !== "ecs:RegisterTaskDefinition"),
      ).toEqual([]);
      recordChaos({
        area: "security",
        fault: "IAM policy vs the calls golive makes",
        trials: seen.size,
        survived: seen.size - missing.length,
        lost: 0,
        checked: `${seen.size} actions seen in the sandbox log = the policy's ${allowed.size}; writes scoped to the listener and services (RegisterTaskDefinition has no resource scope in IAM)`,
      });
    } finally {
      await rig.stop();
    }
  });
});
