/**
 * What the sandbox simulates. The default is the seeds' world; a scenario file can describe another.
 * Defaults holding nested objects are factories: zod copies a plain default only one level deep, so
 * every parse shared the same target-group, service and deployment objects, and a caller tuning its
 * own scenario (`green.latency = …`) changed every later sandbox in the process.
 */
import * as z from "zod";

const latency = z.object({ medianMs: z.number().positive(), p95Ms: z.number().positive() });

export const scenarioSchema = z.object({
  seed: z.number().int().default(42),
  region: z.string().default("us-east-1"),
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .default("123456789012"),
  traffic: z.object({ rps: z.number().nonnegative().default(200) }).default({ rps: 200 }),
  timing: z
    .object({
      taskStartSeconds: z.number().nonnegative().default(20),
      healthCheckSeconds: z.number().nonnegative().default(15),
      metricDelaySeconds: z.number().nonnegative().default(0),
    })
    .default({ taskStartSeconds: 20, healthCheckSeconds: 15, metricDelaySeconds: 0 }),
  alb: z
    .object({
      name: z.string().default("nba-mcp-prod-alb"),
      id: z
        .string()
        .regex(/^[0-9a-f]{16}$/)
        .default("50dc6c495c0c9188"),
      listenerId: z
        .string()
        .regex(/^[0-9a-f]{16}$/)
        .default("f2f7dc8efc522ab2"),
      port: z.number().int().default(443),
    })
    .default({ name: "nba-mcp-prod-alb", id: "50dc6c495c0c9188", listenerId: "f2f7dc8efc522ab2", port: 443 }),
  targetGroups: z
    .array(
      z.object({
        key: z.string(),
        name: z.string(),
        id: z.string().regex(/^[0-9a-f]{16}$/),
        version: z.string(),
        errorRate: z.number().min(0).max(1),
        /** Share of answered requests the application answers 4xx (client errors); 1 % unless set. */
        clientErrorRate: z.number().min(0).max(1).optional(),
        latency,
        initialWeight: z.number().int().min(0).max(999),
      }),
    )
    .min(1)
    .default(() => [
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
    ]),
  ecs: z
    .object({
      cluster: z.string(),
      services: z.array(
        z.object({
          name: z.string(),
          family: z.string(),
          revision: z.number().int().positive(),
          image: z.string(),
          desiredCount: z.number().int().nonnegative(),
          targetGroup: z.string(),
        }),
      ),
    })
    .default(() => ({
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
    })),
  kubernetes: z
    .object({
      cluster: z.string(),
      version: z.string(),
      namespace: z.string(),
      nodes: z.number().int().min(1).max(50),
      deployments: z.array(
        z.object({
          name: z.string(),
          replicas: z.number().int().nonnegative(),
          image: z.string(),
          labels: z.record(z.string(), z.string()),
        }),
      ),
      /**
       * An Ingress managed by the AWS Load Balancer Controller: from then on the controller owns the
       * listener (it reconciles the named forward action's annotation into it, and undoes direct writes).
       */
      ingress: z
        .object({
          name: z.string(),
          action: z.string().default("blue-green"),
          delaySeconds: z.number().min(0).default(10),
        })
        .optional(),
    })
    .default(() => ({
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
    })),
});

export type Scenario = z.infer<typeof scenarioSchema>;

export function defaultScenario(): Scenario {
  return scenarioSchema.parse({});
}

/** Reads a scenario (JSON); every problem is named with its path, e.g. `targetGroups.1.errorRate`. */
export function parseScenario(file: string, raw: unknown): Scenario {
  const r = scenarioSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${file}: ${i.path.join(".") || "scenario"}: ${i.message}`);
  }
  const keys = new Set(r.data.targetGroups.map((t) => t.key));
  for (const [n, s] of r.data.ecs.services.entries()) {
    if (!keys.has(s.targetGroup))
      throw new Error(`${file}: ecs.services.${n}.targetGroup: no target group with key "${s.targetGroup}"`);
  }
  return r.data;
}
