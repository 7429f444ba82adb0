/**
 * The seeds' world, the scenario every sandbox starts from unless a file says otherwise: the
 * schema's defaults (scenario.ts), as a plain factory. `golive demo` and the in-process sandbox take
 * it without loading zod before the cockpit's first frame; a test holds it equal to the schema's
 * parse of `{}`, key for key. A fresh object at every call: a caller tuning its own scenario
 * (`green.latency = …`) changes no other sandbox's.
 */

/** A Scenario (scenario.ts's type is inferred from the schema, which takes its defaults from here). */
export function defaultScenario() {
  return {
    seed: 42,
    region: "us-east-1",
    accountId: "123456789012",
    traffic: { rps: 200 },
    timing: { taskStartSeconds: 20, healthCheckSeconds: 15, metricDelaySeconds: 0 },
    alb: { name: "nba-mcp-prod-alb", id: "50dc6c495c0c9188", listenerId: "f2f7dc8efc522ab2", port: 443 },
    targetGroups: [
      {
        key: "blue",
        name: "nba-mcp-blue",
        id: "6d0ecf831eec9f09",
        version: "v1.9",
        errorRate: 0.002,
        clientErrorRate: 0.01,
        latency: { medianMs: 18, p95Ms: 34 },
        initialWeight: 100,
      },
      {
        key: "green",
        name: "nba-mcp-green",
        id: "943f017f100becff",
        version: "v2.0",
        errorRate: 0.003,
        clientErrorRate: 0.01,
        latency: { medianMs: 16, p95Ms: 31 },
        initialWeight: 0,
      },
    ],
    ecs: {
      cluster: "nba-mcp-prod",
      services: [
        {
          name: "nba-mcp-blue",
          family: "nba-mcp-prod",
          revision: 19,
          image: "nba-mcp:1.9",
          desiredCount: 3,
          targetGroup: "blue",
        },
        {
          name: "nba-mcp-green",
          family: "nba-mcp-prod",
          revision: 20,
          image: "nba-mcp:2.0",
          desiredCount: 3,
          targetGroup: "green",
        },
      ],
    },
    kubernetes: {
      cluster: "nba-mcp-synthesis-prod",
      version: "v1.32.0",
      namespace: "nba-mcp",
      nodes: 3,
      deployments: [
        {
          name: "nba-mcp-synthesis",
          replicas: 3,
          image: "nba-mcp-synthesis:2.0",
          labels: { app: "nba-mcp-synthesis" },
        },
        {
          name: "nba-mcp-worker",
          replicas: 2,
          image: "nba-mcp-worker:2.0",
          labels: { app: "nba-mcp-worker" },
        },
      ],
    },
  };
}
