/**
 * What the sandbox simulates. The default is the seeds' world; a scenario file can describe another.
 * Defaults holding nested objects are factories: zod copies a plain default only one level deep, so
 * every parse shared the same target-group, service and deployment objects, and a caller tuning its
 * own scenario (`green.latency = …`) changed every later sandbox in the process.
 */
import * as z from "zod";
import { defaultScenario as defaults } from "./scenario-defaults.js";

/** Each defaulted part from the one factory; zod returns a default as it is, so every call is fresh. */
const part =
  <K extends keyof ReturnType<typeof defaults>>(k: K) =>
  () =>
    defaults()[k];

const latency = z.object({ medianMs: z.number().positive(), p95Ms: z.number().positive() });

export const scenarioSchema = z.object({
  seed: z.number().int().default(part("seed")),
  region: z.string().default(part("region")),
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .default(part("accountId")),
  traffic: z.object({ rps: z.number().nonnegative().default(200) }).default(part("traffic")),
  timing: z
    .object({
      taskStartSeconds: z.number().nonnegative().default(20),
      healthCheckSeconds: z.number().nonnegative().default(15),
      metricDelaySeconds: z.number().nonnegative().default(0),
    })
    .default(part("timing")),
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
    .default(part("alb")),
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
    .default(part("targetGroups")),
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
    .default(part("ecs")),
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
    .default(part("kubernetes")),
});

export type Scenario = z.infer<typeof scenarioSchema>;

/** The seeds' world: the schema's parse of `{}`, without loading zod (scenario-defaults.ts). */
export const defaultScenario: () => Scenario = defaults;

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
