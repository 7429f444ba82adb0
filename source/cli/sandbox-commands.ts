/** `golive sandbox …`: run the simulated AWS and Kubernetes, inject faults, move its clock. */
import type { Command } from "commander";
import type { Handler, Run } from "../cli.js";

export function addSandboxCommands(
  program: Command,
  run: Run,
  sandboxVerb: (verb: "fault" | "state" | "clock") => Promise<{ run: Handler }>,
): void {
  const sandbox = program
    .command("sandbox")
    .description(
      "simulated AWS (ELBv2, ECS, CloudWatch) and Kubernetes on 127.0.0.1, for rehearsals and tests",
    )
    .addHelpText(
      "after",
      `
golive sandbox [--port 4566] [--speed N] [--scenario FILE] [--dir DIR] runs it until Ctrl-C
(AWS on --port, Kubernetes on the next port); see \`golive sandbox run --help\`.`,
    );
  sandbox
    .command("run", { isDefault: true })
    .description("run the sandbox until Ctrl-C (the default)")
    .option("--port <n>", "AWS endpoint port; Kubernetes listens on the next one", "4566")
    .option("--speed <n>", "sandbox clock speed: 60 runs an hour a minute", "1")
    .option("--scenario <file>", "JSON scenario: topology, traffic, error rates, latencies")
    .option("--dir <dir>", "where to write the kubeconfig, golive config and env.sh (default: a temp dir)")
    .action(run(() => import("../commands/sandbox.js")));
  sandbox
    .command("fault")
    .description("inject a fault into a running sandbox")
    .argument("<args...>", "the fault, see below")
    .option("--port <n>", "the sandbox's AWS port", "4566")
    .addHelpText(
      "after",
      `
Faults:
  error-rate TARGET RATE           e.g. error-rate green 8%     (5XX share of TARGET's requests)
  client-error-rate TARGET RATE    e.g. client-error-rate green 12%  (4XX share of its answers)
  latency TARGET MULTIPLIER        e.g. latency green 3x
  crash TARGET [SHARE]             TARGET's targets refuse connections: the ALB answers 502 and
                                   counts TargetConnectionErrorCount (SHARE of requests, default 100%)
  hang TARGET [SHARE]              TARGET's targets never answer: the ALB answers 504
  unhealthy TARGET COUNT           COUNT of TARGET's targets fail health checks
  sticky [SHARE] [TARGET]          stickiness on the listener's forward action: SHARE of requests
                                   (returning clients, default 90%) keep going to TARGET (blue)
  second-listener [SHARE] [TARGET] a second listener (port 8443) forwards SHARE of all requests
                                   to TARGET (blue), past the weights golive shifts
  rule [SHARE] [TARGET]            a higher-priority listener rule (path /v1/*) sends SHARE of
                                   requests to TARGET (blue)
  unregistered TARGET              TARGET's targets are deregistered: the ALB answers 503 itself
                                   and TARGET's target group counts no requests
  node-not-ready [NODE]            a Kubernetes node goes NotReady (node-ready brings it back)
  image IMAGE crash|pull|oom|unschedulable|ok
                                   pods started from IMAGE from now on crash-loop, fail to pull
                                   (ImagePullBackOff), are OOM-killed or stay Pending; tags ending
                                   in -bad crash-loop without a fault
  rbac VERB RESOURCE               golive's service account loses VERB (get, list, watch, patch,
                                   update, *) on RESOURCE (e.g. patch deployments): 403 Forbidden
                                   as RBAC answers it (rbac-allow VERB RESOURCE gives it back)
  api OPERATION KIND [N] [DELAY]   the next N calls of OPERATION (or *, or kubernetes) fail with KIND:
                                   throttle, 500, 503, timeout, access-denied, expired-credentials,
                                   stale-read (DescribeListeners returns the old weights)
  ingress-controller MODE [SECS]   the AWS Load Balancer Controller (scenario kubernetes.ingress):
                                   ok, slow (with SECS: its reconcile delay, default 10), never
                                   (does not reconcile), wrong (reconciles the weights swapped),
                                   reject (FailedDeployModel, the listener left alone)
  listener-deleted                 the listener is gone: every call naming it gets ListenerNotFound
                                   (listener-restored brings it back)
  clear                            remove every fault`,
    )
    .action(run(() => sandboxVerb("fault")));
  sandbox
    .command("state")
    .description("print a running sandbox's state as JSON")
    .option("--port <n>", "the sandbox's AWS port", "4566")
    .action(run(() => sandboxVerb("state")));
  sandbox
    .command("clock")
    .argument("<by>", "how far to move the sandbox clock forward, e.g. +10m")
    .description("move a running sandbox's clock forward")
    .option("--port <n>", "the sandbox's AWS port", "4566")
    .action(run(() => sandboxVerb("clock")));
}
