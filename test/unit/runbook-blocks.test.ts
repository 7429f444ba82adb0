/**
 * Every fenced block of both seeds, classified as a person reading the runbook would; and the
 * traffic/capacity commands that make golive refuse a block, found through the shell's words.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Runbook } from "../../source/domain/runbook.js";
import { classifyBlock } from "../../source/runbook/blocks.js";
import { trafficChanges } from "../../source/runbook/changes.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { simpleCommands } from "../../source/runbook/shell-scan.js";
import { SEEDS } from "../helpers/paths.js";

async function load(file: string): Promise<Runbook> {
  const { text, sha256 } = await readRunbookFile(file);
  return parseRunbook(file, text, sha256);
}

/** line · id (runnable only) · class · fence language · refused commands. */
const table = (rb: Runbook) =>
  rb.blocks.map((b) => [
    b.position.line,
    b.id ?? "-",
    b.kind,
    b.lang,
    b.changes.map((c) => `${c.command}@${c.line}`).join(" "),
  ]);

describe("code blocks of the seeds, classified", () => {
  it("deployment checklist: shell, a template, a Python program, a mislabelled command line", async () => {
    const rb = await load(join(SEEDS, "deployment.md"));
    expect(table(rb)).toEqual([
      [24, "c1", "shell", "bash", ""], // git status
      [43, "c2", "shell", "bash", ""], // pytest
      [59, "-", "template", "", ""], // Notification Template (Subject:, [Date])
      [87, "-", "program", "python", ""], // Health Check: Python, no interpreter named
      [122, "c3", "shell", "bash", ""], // describe-services (read only)
      [138, "c4", "shell", "bash", "aws ecs create-service@148"], // build, push, create green
      [164, "c5", "shell", "bash", ""], // curl + smoke test
      [
        187,
        "c6",
        "shell",
        "bash",
        "aws elbv2 modify-listener@190 aws elbv2 modify-listener@196 aws elbv2 modify-listener@202",
      ], // the canary
      [215, "c7", "shell", "bash", ""], // get-metric-statistics (read only)
      [235, "c8", "shell", "bash", "aws ecs update-service@237"], // scale blue to 0
      [274, "c9", "shell", "python", ""], // `python scripts/smoke_test_full.py …` under a python fence
      [323, "c10", "shell", "bash", "aws elbv2 modify-listener@325"], // rollback to blue
      [330, "c11", "shell", "bash", ""], // curl blue health
    ]);
    const [shift, scale, rollback] = ["c6", "c8", "c10"].map((id) => rb.commands.find((c) => c.id === id)!);
    expect(shift!.changes[0]!.action).toContain("golive promote");
    expect(scale!.changes[0]!.action).toContain("golive ecs scale-blue");
    expect(rollback!.changes[0]!.action).toContain("golive rollback");
    expect(rb.commands.find((c) => c.id === "c4")!.changes[0]!.action).toContain("golive ecs deploy-green");
  });

  it("go-live runbook: seven shell blocks, five e-mail templates, nothing refused", async () => {
    const rb = await load(join(SEEDS, "go-live.md"));
    expect(table(rb)).toEqual([
      [99, "c1", "shell", "bash", ""], // kubectl cluster-info / get nodes (read only)
      [134, "c2", "shell", "bash", ""], // staging --dry-run
      [199, "c3", "shell", "bash", ""], // phase 1
      [214, "c4", "shell", "bash", ""], // phase 2
      [229, "c5", "shell", "bash", ""], // phase 3
      [244, "c6", "shell", "bash", ""], // phase 4
      [275, "c7", "shell", "bash", ""], // python3 validate_deployment.py under a bash fence
      [378, "-", "template", "", ""], // Pre-Deployment
      [396, "-", "template", "", ""], // During Deployment
      [415, "-", "template", "", ""], // Post-Deployment
      [435, "-", "template", "", ""], // Critical Issue
      [454, "-", "template", "", ""], // Rollback Decision
    ]);
  });
});

describe("classifyBlock by fence and content", () => {
  it.each([
    [
      "console",
      "$ kubectl get pods\nNAME  READY\napi-1 1/1\n$ echo done",
      "shell",
      "kubectl get pods\necho done",
    ],
    ["console", "NAME READY\napi-1 1/1", "text", undefined],
    ["bash", "$ git status\n$ git log -1", "shell", "git status\ngit log -1"],
    ["bash", "echo $ HOME\n$ ls", "shell", "echo $ HOME\n$ ls"],
    ["", "Subject: Go-live\nAll good.", "template", undefined],
    ["", "Hello [Name], the release is [Status].", "template", undefined],
    ["", "Remember to smile.", "text", undefined],
    ["", "$ ls -la", "shell", "ls -la"],
    ["text", "kubectl scale deploy/api --replicas=0", "text", undefined],
    ["sql", "SELECT 1;", "program", undefined],
    ["yaml", "replicas: 3", "program", undefined],
    ["json", '{"a": 1}', "program", undefined],
    ["python", "#!/usr/bin/env python3\nprint('hi')", "program", "#!/usr/bin/env python3\nprint('hi')"],
    ["python", "import os\nprint(os.getcwd())", "program", undefined],
  ])("%s block %j is %s", (lang, code, kind, script) => {
    const c = classifyBlock(lang, code, 1);
    expect(c.kind).toBe(kind);
    expect(c.script).toBe(script);
    expect(c.interpreter).toBe(script === undefined ? undefined : kind === "program" ? "python3" : "bash");
  });
});

describe("traffic and capacity commands, through the shell's words", () => {
  const commands = (s: string) => trafficChanges(s).map((c) => c.command);
  it.each([
    ["aws elbv2 modify-listener --listener-arn x", ["aws elbv2 modify-listener"]],
    [
      "aws --region eu-west-1 --profile p elbv2 modify-listener --listener-arn x",
      ["aws elbv2 modify-listener"],
    ],
    [
      "sudo -u ops AWS_PAGER= aws ecs update-service --service blue --desired-count 0",
      ["aws ecs update-service"],
    ],
    ["git pull && kubectl -n prod rollout restart deploy/api", ["kubectl rollout restart"]],
    ["kubectl rollout status deploy/api", []],
    ["kubectl get pods | grep api; kubectl scale deploy/api --replicas=0", ["kubectl scale"]],
    ["kubectl set image deploy/api api=x:2", ["kubectl set image"]],
    ["kubectl --context prod apply -f k8s/", ["kubectl apply"]],
    ["kubectl patch svc api -p '{}'", ["kubectl patch"]],
    ["helm -n prod upgrade api ./chart", ["helm upgrade"]],
    ["helm rollback api 3", ["helm rollback"]],
    ['echo "$(kubectl scale deploy/a --replicas=1)"', ["kubectl scale"]],
    ["bash -c 'helm upgrade api ./chart'", ["helm upgrade"]],
    ["timeout 30 kubectl apply -f x.yaml", ["kubectl apply"]],
    ["aws elbv2 describe-listeners --listener-arn x", []],
    ["# aws elbv2 modify-listener --listener-arn x\necho ok", []],
    ['echo "kubectl scale deploy/api" > notes.txt', []],
    ["cat <<EOF > steps.txt\nkubectl scale deploy/api --replicas=0\nEOF\necho written", []],
    ["cat <<'EOF'\nhelm upgrade x\nEOF\nhelm upgrade api ./chart", ["helm upgrade"]],
    ["ls 2>&1 | tee log; aws ecs describe-services --services a", []],
  ])("%j → %j", (script, expected) => {
    expect(commands(script)).toEqual(expected);
  });

  it("reports the line of each command, continuations joined", () => {
    const s = "echo start\naws elbv2 modify-listener \\\n  --listener-arn $L\n\nkubectl scale x";
    expect(simpleCommands(s, 10).map((c) => [c.line, c.words[0]])).toEqual([
      [10, "echo"],
      [11, "aws"],
      [14, "kubectl"],
    ]);
    expect(trafficChanges(s, 10).map((c) => c.line)).toEqual([11, 14]);
  });

  it("a listener change that names only blue is a rollback (R), otherwise a promotion (p)", () => {
    expect(
      trafficChanges('aws elbv2 modify-listener --default-actions "Type=forward,TargetGroupArn=$TG_BLUE"')[0]!
        .action,
    ).toMatch(/^`R`/);
    expect(
      trafficChanges(
        'aws elbv2 modify-listener --default-actions "Type=forward,TargetGroupArn=$TG_GREEN"',
      )[0]!.action,
    ).toMatch(/^`p`/);
  });
});
