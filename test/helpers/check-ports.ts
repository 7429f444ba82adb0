/**
 * A runbook with one item per kind of check, and every port a check uses in memory, answering what
 * a test says and keeping what it was asked (engine/checks.ts, engine/check-record.ts).
 */
import type { EnvConfig } from "../../source/domain/config.js";
import type { SessionState } from "../../source/domain/events.js";
import { type CheckDeps, planCheck, runCheck } from "../../source/engine/checks.js";
import { parseRunbook } from "../../source/runbook/parse.js";

export const RB = `# Checks

## Pre-flight

- [ ] API up <!-- golive check http url=http://svc/health -->
- [ ] Exact status <!-- golive check http url=http://svc/h expect=204 timeout=3 -->
- [ ] Green service <!-- golive check ecs-service service=green -->
- [ ] Blue service <!-- golive check ecs-service service=blue -->
- [ ] Worker service <!-- golive check ecs-service service=worker -->
- [ ] Green targets <!-- golive check target-health target=green -->
- [ ] Blue targets <!-- golive check target-health target=blue -->
- [ ] Listener at ten <!-- golive check listener green=10 -->
- [ ] Listener read <!-- golive check listener -->
- [ ] Cluster API <!-- golive check k8s-api -->
- [ ] Nodes <!-- golive check k8s-nodes -->
- [ ] Deployments <!-- golive check k8s-deployments namespace=shop selector=app=web -->
- [ ] Pods <!-- golive check k8s-pods -->
- [ ] Events <!-- golive check k8s-events since=30m -->
- [ ] Baseline <!-- golive check baseline -->
- [ ] Flip the flag <!-- golive check command timeout=5 -->

  \`\`\`bash
  echo flipped
  \`\`\`

- [ ] Look around
- [ ] Tag written

  \`\`\`bash
  echo tag
  \`\`\`

## Steps

\`\`\`bash
echo outside
\`\`\`
`;
export const rb = parseRunbook("t.md", RB, "0");
export const state = { fields: {} } as unknown as SessionState;
export const CONFIG = {
  aws: { region: "eu-west-1" },
  ecs: { cluster: "shop", blueService: "web-blue", greenService: "web-green" },
  health: { timeoutMs: 2500 },
  kubernetes: { namespace: "prod" },
} as unknown as EnvConfig;
export const item = (id: string) => rb.items.find((i) => i.id === id)!;
export const plan = (id: string, config: EnvConfig | undefined = CONFIG) =>
  planCheck(rb, item(id), state, config);
export const shows = (id: string, config?: EnvConfig) => planCheck(rb, item(id), state, config).shows;

/** Ports that answer what the test says and keep what they were asked. */
export function ports(
  o: Partial<Record<"probe" | "ecs" | "health" | "traffic" | "kube" | "shell" | "baseline", unknown>> = {},
) {
  const asked: unknown[][] = [];
  const kubeCheck =
    (name: string) =>
    async (...a: unknown[]) => {
      asked.push([name, ...a]);
      return { ok: name !== "podsReady", summary: `${name} summary`, details: [`${name} detail`] };
    };
  const d = {
    config: CONFIG,
    cwd: "/lead",
    probe: {
      probe: async (url: string, timeoutMs: number) => {
        asked.push(["probe", url, timeoutMs]);
        return o.probe ?? { url, status: 200, ms: 12.4, ok: true };
      },
    },
    ecs: {
      describe: async (names: string[]) => {
        asked.push(["describe", names]);
        return (
          o.ecs ?? {
            services: [
              {
                name: names[0],
                status: "ACTIVE",
                desired: 2,
                running: 2,
                pending: 0,
                rolloutState: "COMPLETED",
                taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/shop/web:7",
                deployments: 1,
              },
            ],
            missing: [],
            raw: {},
          }
        );
      },
    },
    health: {
      targets: async (color: string) => {
        asked.push(["targets", color]);
        return o.health ?? { healthy: 2, total: 2, states: ["healthy", "healthy"] };
      },
    },
    traffic: {
      read: async () => o.traffic ?? { weights: { blue: 90, green: 10 }, raw: { blue: 900, green: 100 } },
    },
    kube:
      o.kube === null
        ? undefined
        : {
            apiReachable: kubeCheck("apiReachable"),
            nodesReady: kubeCheck("nodesReady"),
            deploymentsAvailable: kubeCheck("deploymentsAvailable"),
            podsReady: kubeCheck("podsReady"),
            warningEvents: kubeCheck("warningEvents"),
          },
    shell: {
      run: async (command: string, opts: unknown) => {
        asked.push(["run", command, opts]);
        return o.shell ?? { exitCode: 0, output: "flipped\n", timedOut: false, ms: 1234 };
      },
    },
    monitor: {
      captureBaseline: async (by: string) => {
        asked.push(["baseline", by]);
        return o.baseline ?? { errorRate: 0.123, latencyP95: 87.6, throughput: 41.25 };
      },
    },
  } as unknown as CheckDeps;
  return { d, asked, run: (id: string) => runCheck(plan(id), d, "ann") };
}
