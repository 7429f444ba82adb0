/** `golive doctor`: is everything the session's environment names reachable and as expected? */
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeClustersCommand } from "@aws-sdk/client-ecs";
import { DescribeTargetGroupsCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { CONFIG_PARTS } from "../domain/config.js";
import { ExitCode } from "../domain/errors.js";
import { iamPolicy } from "../domain/iam.js";
import { kubeRoleYaml } from "../domain/k8s-rbac.js";
import { describeAwsError } from "../engine/controller.js";
import { actor, type Ctx, type GlobalOpts, out } from "./context.js";
import { openEngine } from "./engine-open.js";
import { kubeFor } from "./kube-context.js";

/** Socket errors: the request never reached AWS. */
const NOT_ANSWERING = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

interface Line {
  ok: boolean | "warn";
  text: string;
  fix?: string;
}

export async function run(ctx: Ctx, o: GlobalOpts & { policy?: boolean }): Promise<number> {
  const h = await openEngine(ctx, o, "golive doctor", { write: false });
  const lines: Line[] = [];
  // Nothing answering is the endpoint's or the network's: the check's own fix (an ARN, IAM) misleads.
  const awsFix = (e: unknown, fix: string) =>
    NOT_ANSWERING.has(String((e as { code?: unknown }).code))
      ? `nothing answers at ${h.config.aws.endpoint ?? `AWS's ${h.config.aws.region} endpoints`}: check aws.endpoint and this host's network`
      : fix;
  const check = async (label: string, fn: () => Promise<string>, fix: string, warnOnly = false) => {
    try {
      lines.push({ ok: true, text: `${label}: ${await fn()}` });
    } catch (e) {
      // A plain Error is golive's own words (the Kubernetes client's, a probe's): no "Error: " before it.
      const plain = e instanceof Error && e.name === "Error" && !("$metadata" in e);
      const why = plain ? e.message : describeAwsError(e);
      lines.push({
        ok: warnOnly ? "warn" : false,
        text: `${label}: ${why}`,
        fix: plain ? fix : awsFix(e, fix),
      });
    }
  };
  try {
    const c = h.config;
    await check(
      "credentials",
      async () => {
        if (c.aws.sandbox) return "fixed sandbox credentials";
        const cred = await h.aws.elbv2.config.credentials();
        return `access key …${cred.accessKeyId.slice(-4)}${cred.expiration ? `, expires ${cred.expiration.toISOString()}` : ""}`;
      },
      "set AWS_PROFILE (or aws sso login), or run on an instance with a role",
    );
    const alb = c.alb;
    if (alb) {
      await check(
        "listener",
        async () => {
          const l = await h.engine.d.traffic.read();
          return `${alb.listenerArn.split("/").slice(-3).join("/")} forwards blue ${l.weights.blue} / green ${l.weights.green}`;
        },
        "check alb.listenerArn and the region",
      );
      await check(
        "target groups",
        async () => {
          const r = await h.aws.elbv2.send(
            new DescribeTargetGroupsCommand({
              TargetGroupArns: [alb.blueTargetGroupArn, alb.greenTargetGroupArn],
            }),
          );
          return (r.TargetGroups ?? []).map((t) => t.TargetGroupName).join(", ");
        },
        "check alb.blueTargetGroupArn / alb.greenTargetGroupArn",
      );
      for (const color of ["blue", "green"] as const) {
        await check(
          `${color} targets`,
          async () => {
            const t = await h.engine.d.health.targets(color);
            if (t.total === 0) throw new Error("no registered targets");
            return `${t.healthy}/${t.total} healthy`;
          },
          `check the ${color} service's tasks`,
          color === "green",
        );
      }
    } else lines.push(notConfigured("alb"));
    const e = c.ecs;
    if (e) {
      await check(
        "ECS cluster",
        async () => {
          const r = await h.aws.ecs.send(new DescribeClustersCommand({ clusters: [e.cluster] }));
          if (!r.clusters?.length) throw new Error(`cluster ${e.cluster} not found`);
          return `${e.cluster} ${r.clusters[0]!.status}`;
        },
        "check ecs.cluster",
      );
      const svc = await h.ecs.describe([e.blueService, e.greenService]).catch((e: Error) => e);
      if (svc instanceof Error)
        lines.push({
          ok: false,
          text: `ECS services: ${describeAwsError(svc)}`,
          fix: awsFix(svc, "check ecs.blueService / ecs.greenService"),
        });
      else {
        for (const s of svc.services)
          lines.push({
            ok: true,
            text: `ECS ${s.name}: ${s.running}/${s.desired} running, rollout ${s.rolloutState}`,
          });
        for (const m of svc.missing)
          lines.push({
            ok: m === e.greenService ? "warn" : false,
            text: `ECS ${m}: MISSING`,
            fix:
              m === e.greenService
                ? "green is not deployed yet: golive ecs deploy-green"
                : "check ecs.blueService",
          });
      }
    } else lines.push(notConfigured("ecs"));
    await check(
      "CloudWatch",
      async () => {
        const now = ctx.clock.now();
        await h.aws.cloudwatch.send(
          new GetMetricDataCommand({
            StartTime: new Date(now - 600_000),
            EndTime: new Date(now),
            MetricDataQueries: [
              {
                Id: "r",
                MetricStat: {
                  Metric: { Namespace: "AWS/ApplicationELB", MetricName: "RequestCount" },
                  Period: 60,
                  Stat: "Sum",
                },
              },
            ],
          }),
        );
        return "GetMetricData answers";
      },
      "allow cloudwatch:GetMetricData",
    );
    for (const color of ["blue", "green"] as const) {
      const url = c.health[color];
      if (!url) {
        lines.push({
          ok: "warn",
          text: `${color} health URL: not configured`,
          fix: `set health.${color} for faster signals than 60 s metrics`,
        });
        continue;
      }
      const p = await h.engine.d.probe.probe(url, c.health.timeoutMs);
      lines.push({
        ok: p.ok ? true : color === "green" ? "warn" : false,
        text: `${color} health ${url}: ${p.status ?? p.error} in ${p.ms.toFixed(0)} ms`,
        fix: p.ok ? undefined : `check ${url} from this host`,
      });
    }
    if (c.kubernetes) {
      try {
        const k = kubeFor(h)!;
        await check(
          "Kubernetes API",
          async () => (await k.apiReachable()).summary,
          "check kubernetes.kubeconfig / context",
        );
        await check(
          "Kubernetes nodes",
          async () => {
            const n = await k.nodesReady();
            if (!n.ok) throw new Error(`${n.summary}: ${n.details.join(", ")}`);
            return n.summary;
          },
          "kubectl get nodes",
        );
      } catch (e) {
        lines.push({
          ok: false,
          text: `Kubernetes: ${(e as Error).message}`,
          fix: "check kubernetes.kubeconfig / context",
        });
      }
    }
    if (c.anchor) lines.push(await (await import("./anchor.js")).anchorBucketLine(ctx, c.anchor));
    if (c.team?.approval) {
      const { approvalDoctorLine } = await import("./approval-gate.js");
      lines.push(await approvalDoctorLine(ctx, c, h.store, actor(ctx, o)));
    }
    for (const l of lines) {
      out(
        ctx,
        `${l.ok === true ? "✓" : l.ok === "warn" ? "!" : "✗"} ${l.text}${l.fix && l.ok !== true ? `  → ${l.fix}` : ""}`,
      );
    }
    out(ctx, "\nLeast-privilege IAM policy for golive on this environment:");
    out(ctx, JSON.stringify(iamPolicy(c), null, 2));
    if (c.kubernetes) {
      out(ctx, "\nLeast-privilege Kubernetes RBAC for golive (kubectl apply -f -):");
      out(ctx, kubeRoleYaml(c.kubernetes));
    }
    return lines.some((l) => l.ok === false) ? ExitCode.aws : 0;
  } finally {
    await h.close();
  }
}

/** A part the config leaves out: a warning saying what golive then does not do, and how to add it. */
function notConfigured(part: "alb" | "ecs") {
  return {
    ok: "warn" as const,
    text: `${part}: not configured — no ${CONFIG_PARTS[part]}`,
    fix: `add an "${part}" section to the config, then golive attach --config FILE`,
  };
}
