/**
 * Commands in a runbook block that change traffic or capacity. golive never runs such a block as a
 * script: the same step exists as an engine action with its gate, confirmation and read-back, and
 * a raw `modify-listener` would skip all three (issue: `golive run c8` once went 0 → 100 % green in
 * seconds). Each finding names the engine action that does the step.
 */
import type { BlockChange } from "../domain/code-block.js";
import { basename, mentions, optionValue, positional, unwrap } from "./command-words.js";
import { type SimpleCommand, simpleCommands } from "./shell-scan.js";

const AWS_VALUE_OPTS = new Set([
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
]);

const KUBECTL_VALUE_OPTS = new Set([
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
]);

const HELM_VALUE_OPTS = new Set(["-n", "--namespace", "--kube-context", "--kubeconfig"]);

const PROMOTE = "`p` in the cockpit or `golive promote` (gated, confirmed, read back from AWS)";

const ROLLBACK = "`R` in the cockpit or `golive rollback --reason …` (never blocked, read back from AWS)";

const NO_KUBE_ACTION =
  "golive has no Kubernetes rollout action yet: run it yourself outside golive, then tick the item with `golive check`";

export function trafficChanges(script: string, firstLine = 1): BlockChange[] {
  const out: BlockChange[] = [];
  for (const c of simpleCommands(script, firstLine)) {
    const found = judge(c, 0);
    if (found) out.push(...found);
  }
  return out;
}

function judge(c: SimpleCommand, depth: number): BlockChange[] | undefined {
  const w = unwrap(c.words);
  const tool = basename(w[0] ?? "");
  const change = (what: BlockChange["what"], command: string, action: string): BlockChange[] => [
    { what, command, action, line: c.line, text: c.text },
  ];
  // `bash -c "…"`, `sh -c '…'`, `eval "…"`: the string is a script of its own.
  if (depth < 4 && /^(ba|z|da|k)?sh$/.test(tool)) {
    const i = w.indexOf("-c");
    if (i > 0 && w[i + 1]) return nested(w[i + 1]!, c, depth);
    return undefined;
  }
  if (depth < 4 && tool === "eval") return nested(w.slice(1).join(" "), c, depth);
  if (tool === "aws") {
    const [service, op] = positional(w.slice(1), AWS_VALUE_OPTS, 2);
    if (service === "elbv2" && /^(modify-listener|modify-rule|create-rule|delete-rule)$/.test(op ?? "")) {
      const toBlueOnly = mentions(w, /blue/i) && !mentions(w, /green/i);
      return change("traffic", `aws elbv2 ${op}`, toBlueOnly ? ROLLBACK : PROMOTE);
    }
    if (service === "elbv2" && /^(register-targets|deregister-targets)$/.test(op ?? ""))
      return change("traffic", `aws elbv2 ${op}`, PROMOTE);
    if (service === "ecs" && /^(update-service|create-service|delete-service)$/.test(op ?? "")) {
      const scaleBlue =
        op === "update-service" && mentions(w, /blue/i) && optionValue(w, "--desired-count") !== undefined;
      return change(
        "capacity",
        `aws ecs ${op}`,
        scaleBlue
          ? "`golive ecs scale-blue` (waits for the stable hour on 100 % green)"
          : "`golive ecs deploy-green` (creates or updates green and waits for steady state)",
      );
    }
    return undefined;
  }
  if (tool === "kubectl") {
    const [verb, sub] = positional(w.slice(1), KUBECTL_VALUE_OPTS, 2);
    if (verb === "rollout" && sub && !/^(status|history)$/.test(sub))
      return change("capacity", `kubectl rollout ${sub}`, NO_KUBE_ACTION);
    if (verb === "set" && sub === "image") return change("capacity", "kubectl set image", NO_KUBE_ACTION);
    if (verb && /^(scale|apply|patch|replace|autoscale|delete|edit)$/.test(verb))
      return change("capacity", `kubectl ${verb}`, NO_KUBE_ACTION);
    return undefined;
  }
  if (tool === "helm") {
    const [verb] = positional(w.slice(1), HELM_VALUE_OPTS, 1);
    if (verb && /^(upgrade|rollback|install|uninstall)$/.test(verb))
      return change("capacity", `helm ${verb}`, NO_KUBE_ACTION);
  }
  return undefined;
}

function nested(script: string, outer: SimpleCommand, depth: number): BlockChange[] | undefined {
  const found = simpleCommands(script, outer.line).flatMap((c) => judge(c, depth + 1) ?? []);
  return found.length ? found.map((f) => ({ ...f, text: outer.text })) : undefined;
}
