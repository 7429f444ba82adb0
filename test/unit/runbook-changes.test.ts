/**
 * trafficChanges, what makes golive refuse a block as a script: every command it knows with its
 * exact finding (what, command, the engine action offered, line, text), every option whose value it
 * skips, the wrappers and nested shells it looks through, and what it leaves alone. In memory.
 */
import { describe, expect, it } from "vitest";
import { trafficChanges } from "../../source/runbook/changes.js";

const PROMOTE = "`p` in the cockpit or `golive promote` (gated, confirmed, read back from AWS)";
const ROLLBACK = "`R` in the cockpit or `golive rollback --reason …` (never blocked, read back from AWS)";
const NO_KUBE =
  "golive has no Kubernetes rollout action yet: run it yourself outside golive, then tick the item with `golive check`";
const DEPLOY_GREEN = "`golive ecs deploy-green` (creates or updates green and waits for steady state)";
const SCALE_BLUE = "`golive ecs scale-blue` (waits for the stable hour on 100 % green)";

/** command · action of each finding. */
const found = (script: string) => trafficChanges(script).map((c) => [c.command, c.action]);

describe("trafficChanges: the whole finding", () => {
  it("what, command, action, line from the block's first line, the command as written", () => {
    expect(trafficChanges("echo hi\naws elbv2 modify-listener --x $TG_GREEN", 40)).toEqual([
      {
        what: "traffic",
        command: "aws elbv2 modify-listener",
        action: PROMOTE,
        line: 41,
        text: "aws elbv2 modify-listener --x $TG_GREEN",
      },
    ]);
    expect(trafficChanges("kubectl scale d --replicas=0")).toEqual([
      {
        what: "capacity",
        command: "kubectl scale",
        action: NO_KUBE,
        line: 1,
        text: "kubectl scale d --replicas=0",
      },
    ]);
    expect(trafficChanges("aws ecs create-service --s green")[0]).toEqual({
      what: "capacity",
      command: "aws ecs create-service",
      action: DEPLOY_GREEN,
      line: 1,
      text: "aws ecs create-service --s green",
    });
  });

  it("a nested shell's finding carries the outer command's text and line", () => {
    expect(trafficChanges("x\nbash -c 'echo a; helm rollback api 3'", 7)).toEqual([
      {
        what: "capacity",
        command: "helm rollback",
        action: NO_KUBE,
        line: 8,
        text: "bash -c 'echo a; helm rollback api 3'",
      },
    ]);
  });

  it("a # inside a word is bash's literal #, not a comment hiding the rest of the command", () => {
    expect(found("x=1#2 kubectl scale deploy/web --replicas=0")).toEqual([["kubectl scale", NO_KUBE]]);
    expect(found("aws --query a#b elbv2 modify-listener --x 1")).toEqual([
      ["aws elbv2 modify-listener", PROMOTE],
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
    expect(found("kubectl -n ${NS#x} scale deploy/web")).toEqual([["kubectl scale", NO_KUBE]]);
    // At a word's start it is one: nothing runs.
    expect(found("echo #1 kubectl scale deploy/web")).toEqual([]);
  });
});

describe("trafficChanges: AWS", () => {
  it.each([
    ["aws elbv2 modify-listener --a $TG_GREEN", "aws elbv2 modify-listener", PROMOTE],
    ["aws elbv2 modify-rule --a x", "aws elbv2 modify-rule", PROMOTE],
    ["aws elbv2 create-rule --a x", "aws elbv2 create-rule", PROMOTE],
    ["aws elbv2 delete-rule --a x", "aws elbv2 delete-rule", PROMOTE],
    ["aws elbv2 modify-listener --a $TG_BLUE", "aws elbv2 modify-listener", ROLLBACK],
    ["aws elbv2 modify-rule --a Blue-TG", "aws elbv2 modify-rule", ROLLBACK],
    ["aws elbv2 modify-listener --a $TG_BLUE,$TG_GREEN", "aws elbv2 modify-listener", PROMOTE],
    ["aws elbv2 register-targets --t blue", "aws elbv2 register-targets", PROMOTE],
    ["aws elbv2 deregister-targets --t x", "aws elbv2 deregister-targets", PROMOTE],
    ["aws ecs update-service --service green", "aws ecs update-service", DEPLOY_GREEN],
    ["aws ecs delete-service --service x", "aws ecs delete-service", DEPLOY_GREEN],
    ["aws ecs update-service --service blue --desired-count 0", "aws ecs update-service", SCALE_BLUE],
    ["aws ecs update-service --service blue --desired-count=0", "aws ecs update-service", SCALE_BLUE],
    ["aws ecs update-service --service blue --force-new-deployment", "aws ecs update-service", DEPLOY_GREEN],
    ["aws ecs create-service --service blue --desired-count 0", "aws ecs create-service", DEPLOY_GREEN],
  ])("%j", (script, command, action) => {
    expect(found(script)).toEqual([[command, action]]);
  });

  it.each([
    "aws elbv2 describe-listeners --a x",
    "aws elbv2 modify-listeners",
    "aws elbv2 xmodify-rule",
    "aws elbv2 register-targetsx",
    "aws elbv2",
    "aws ecs describe-services",
    "aws ecs update-servicex",
    "aws ecs xdelete-service",
    "aws ecs",
    "aws s3 cp a b",
    "aws ec2 modify-listener",
    "aws ecs register-targets",
    "aws elbv2 xregister-targets",
    "aws elbv2 update-service",
    "aws s3 delete-service",
    "aws",
    "elbv2 modify-listener",
  ])("%j is no change", (script) => {
    expect(found(script)).toEqual([]);
  });

  it.each([
    "--region",
    "--profile",
    "--endpoint-url",
    "--output",
    "--query",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--color",
    "--cli-binary-format",
  ])("aws %s takes a value, skipped", (opt) => {
    expect(found(`aws ${opt} v elbv2 modify-listener`)).toEqual([["aws elbv2 modify-listener", PROMOTE]]);
    expect(found(`aws --debug ${opt} ecs elbv2 modify-listener`)).toEqual([
      ["aws elbv2 modify-listener", PROMOTE],
    ]);
  });
});

describe("trafficChanges: Kubernetes and Helm", () => {
  it.each([
    ["kubectl rollout restart deploy/a", "kubectl rollout restart"],
    ["kubectl rollout undo deploy/a", "kubectl rollout undo"],
    ["kubectl set image deploy/a a=x:2", "kubectl set image"],
    ["kubectl scale deploy/a --replicas=1", "kubectl scale"],
    ["kubectl apply -f x", "kubectl apply"],
    ["kubectl patch svc a -p {}", "kubectl patch"],
    ["kubectl replace -f x", "kubectl replace"],
    ["kubectl autoscale deploy/a --max=3", "kubectl autoscale"],
    ["kubectl delete pod a", "kubectl delete"],
    ["kubectl edit deploy/a", "kubectl edit"],
    ["helm upgrade a ./c", "helm upgrade"],
    ["helm rollback a 3", "helm rollback"],
    ["helm install a ./c", "helm install"],
    ["helm uninstall a", "helm uninstall"],
  ])("%j", (script, command) => {
    expect(found(script)).toEqual([[command, NO_KUBE]]);
  });

  it.each([
    "kubectl rollout status deploy/a",
    "kubectl rollout history deploy/a",
    "kubectl rollout",
    "kubectl set env deploy/a X=1",
    "kubectl set",
    "kubectl get pods",
    "kubectl get image x",
    "npm install x",
    "git rollback x",
    "sudo",
    "kubectl scaled",
    "kubectl xapply",
    "kubectl",
    "helm list",
    "helm upgrades",
    "helm xinstall",
    "helm",
  ])("%j is no change", (script) => {
    expect(found(script)).toEqual([]);
  });

  it("kubectl rollout's sub-command is matched whole", () => {
    expect(found("kubectl rollout xstatus d")).toEqual([["kubectl rollout xstatus", NO_KUBE]]);
    expect(found("kubectl rollout historyx d")).toEqual([["kubectl rollout historyx", NO_KUBE]]);
  });

  it.each([
    "-n",
    "--namespace",
    "--context",
    "--kubeconfig",
    "--cluster",
    "--user",
    "-s",
    "--server",
    "--token",
    "--as",
    "--as-group",
    "--request-timeout",
    "-v",
  ])("kubectl %s takes a value, skipped", (opt) => {
    expect(found(`kubectl ${opt} get scale d`)).toEqual([["kubectl scale", NO_KUBE]]);
    expect(found(`kubectl ${opt} v scale d`)).toEqual([["kubectl scale", NO_KUBE]]);
  });

  it.each(["-n", "--namespace", "--kube-context", "--kubeconfig"])(
    "helm %s takes a value, skipped",
    (opt) => {
      expect(found(`helm ${opt} list upgrade a`)).toEqual([["helm upgrade", NO_KUBE]]);
      expect(found(`helm ${opt} v upgrade a`)).toEqual([["helm upgrade", NO_KUBE]]);
    },
  );
});

describe("trafficChanges: through wrappers, paths and nested shells", () => {
  it.each([
    ["/usr/local/bin/kubectl scale d", [["kubectl scale", NO_KUBE]]],
    ["A=1 sudo -u ops /usr/bin/aws elbv2 modify-listener", [["aws elbv2 modify-listener", PROMOTE]]],
    ["sh -c 'kubectl apply -f x'", [["kubectl apply", NO_KUBE]]],
    ["/bin/zsh -c 'helm upgrade a ./c'", [["helm upgrade", NO_KUBE]]],
    ["dash -x -c 'helm upgrade a ./c'", [["helm upgrade", NO_KUBE]]],
    ["ksh -c 'helm upgrade a ./c'", [["helm upgrade", NO_KUBE]]],
    [
      "bash -c 'kubectl scale a; helm upgrade b ./c'",
      [
        ["kubectl scale", NO_KUBE],
        ["helm upgrade", NO_KUBE],
      ],
    ],
    ["eval kubectl scale d --replicas=0", [["kubectl scale", NO_KUBE]]],
    ["eval 'helm' 'rollback' a", [["helm rollback", NO_KUBE]]],
    ["bash -c 'bash -c \"eval kubectl apply -f x\"'", [["kubectl apply", NO_KUBE]]],
  ])("%j", (script, expected) => {
    expect(found(script)).toEqual(expected);
  });

  it.each([
    "bash deploy.sh",
    "bash -c",
    "-c kubectl scale d",
    "bash -c 'echo kubectl scale'",
    "fish -c 'kubectl scale d'",
    "bashx -c 'kubectl scale d'",
    "xsh -c 'kubectl scale d'",
    "eval",
    "echo eval kubectl scale",
  ])("%j is no change", (script) => {
    expect(found(script)).toEqual([]);
  });

  it("traffic for the listener and targets, capacity for the rest", () => {
    const what = (s: string) => trafficChanges(s).map((c) => `${c.what} ${c.command}`);
    expect(
      what(
        "aws elbv2 register-targets\naws ecs update-service\nkubectl rollout undo d\nkubectl set image d\nhelm install a",
      ),
    ).toEqual([
      "traffic aws elbv2 register-targets",
      "capacity aws ecs update-service",
      "capacity kubectl rollout undo",
      "capacity kubectl set image",
      "capacity helm install",
    ]);
  });

  it("sh -c is looked through four deep, no deeper", () => {
    const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const nest = (n: number): string => (n === 0 ? "kubectl scale d" : `sh -c ${quote(nest(n - 1))}`);
    expect(found(nest(4))).toEqual([["kubectl scale", NO_KUBE]]);
    expect(found(nest(5))).toEqual([]);
    expect(found("sh -c 'eval eval eval kubectl scale d'")).toEqual([["kubectl scale", NO_KUBE]]);
    expect(found("sh -c 'eval eval eval eval kubectl scale d'")).toEqual([]);
  });

  it("nested shells are looked through four deep, no deeper", () => {
    const wrap = (n: number): string => (n === 0 ? "kubectl scale d" : `eval ${wrap(n - 1)}`);
    expect(found(wrap(4))).toEqual([["kubectl scale", NO_KUBE]]);
    expect(found(wrap(5))).toEqual([]);
    const sh = 'sh -c \'sh -c "sh -c \\"sh -c kubectl\\\\ scale\\""\'';
    expect(found(sh)).toEqual([["kubectl scale", NO_KUBE]]);
  });
});
