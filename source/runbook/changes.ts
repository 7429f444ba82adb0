/**
 * Commands in a runbook block that change traffic or capacity. golive never runs such a block as a
 * script: the same step exists as an engine action with its gate, confirmation and read-back, and
 * a raw `modify-listener` would skip all three (issue: `golive run c8` once went 0 → 100 % green in
 * seconds). Each finding names the engine action that does the step.
 */
import type { BlockChange } from "../domain/code-block.js";
import { type SimpleCommand, simpleCommands } from "./shell-scan.js";

/** Words that run the next words as a command: `sudo kubectl …`, `env A=1 aws …`, `time helm …`. */
const WRAPPERS = new Set(["sudo", "env", "time", "nohup", "command", "exec", "nice", "xargs", "watch"]);

/** Wrapper options that take a value (`sudo -u root`, `timeout 30`, `watch -n 5`). */
const WRAPPER_VALUE_OPTS = new Set(["-u", "-g", "-n", "-s", "-k", "-C", "-I", "-L", "-P"]);

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

/** Drops `A=1` assignments and wrappers (`sudo -u x`, `timeout 30`) in front of the real command. */
function unwrap(words: string[]): string[] {
  let i = 0;
  for (;;) {
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
    const w = basename(words[i] ?? "");
    if (WRAPPERS.has(w) || w === "timeout") {
      i++;
      if (w === "timeout") {
        while (words[i]?.startsWith("-")) i++;
        i++; // the duration
      }
      while (words[i]?.startsWith("-")) i += WRAPPER_VALUE_OPTS.has(words[i]!) ? 2 : 1;
      continue;
    }
    return words.slice(i);
  }
}

/** The first `n` words that are not options (or an option's value). */
function positional(words: string[], valueOpts: Set<string>, n: number): (string | undefined)[] {
  const out: string[] = [];
  for (let i = 0; i < words.length && out.length < n; i++) {
    const w = words[i]!;
    if (w.startsWith("-")) {
      if (valueOpts.has(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

function optionValue(words: string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if (words[i] === name) return words[i + 1];
    if (words[i]!.startsWith(`${name}=`)) return words[i]!.slice(name.length + 1);
  }
  return undefined;
}

function mentions(words: string[], re: RegExp): boolean {
  return words.some((w) => re.test(w));
}

function basename(w: string): string {
  return w.slice(w.lastIndexOf("/") + 1);
}
