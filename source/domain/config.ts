/**
 * The environment a session acts on: which listener, target groups, services, health URLs,
 * cluster; how to reach AWS and Kubernetes; canary, thresholds and auto-rollback policy.
 * Validated at load with one line per bad field.
 */
import type { EnvConfig } from "./config-schema.js";
import { loadConfigSchema } from "./config-schema-load.js";

export type { CustomMetric, EnvConfig, EnvConfigInput } from "./config-schema.js";
export type AlbConfig = NonNullable<EnvConfig["alb"]>;
export type EcsConfig = NonNullable<EnvConfig["ecs"]>;
/** A config naming both ECS and the ALB (the sandbox's, and most ECS go-lives'). */
export type TeamConfig = NonNullable<EnvConfig["team"]>;
export type FullEnvConfig = EnvConfig & { alb: AlbConfig; ecs: EcsConfig };

/** The optional parts a config names, and what each one's absence turns off, in the lead's words. */
export const CONFIG_PARTS = {
  alb: "traffic: p / R / promote / rollback, the listener read-back, target health and CloudWatch's ALB metrics",
  ecs: "ECS: golive ecs, scale-blue, ECS service checks and task counts",
  kubernetes: "Kubernetes: golive k8s, the rollout pane and the rollout undo after R",
} as const;

export type ConfigPart = keyof typeof CONFIG_PARTS;

export function missingParts(c: EnvConfig): ConfigPart[] {
  return (Object.keys(CONFIG_PARTS) as ConfigPart[]).filter((p) => !c[p]);
}

/** `prod: listener …8f2c/1a2b, ECS prod-cluster, Kubernetes default/search` — what the session acts on. */
export function partsSummary(c: EnvConfig): string {
  const has = [
    c.alb ? `listener …${c.alb.listenerArn.slice(-16)}` : "",
    c.ecs ? `ECS ${c.ecs.cluster}` : "",
    c.kubernetes
      ? `Kubernetes ${c.kubernetes.namespace}${c.kubernetes.deployment ? `/${c.kubernetes.deployment}` : ""}`
      : "",
    `metrics ${c.metrics.source}`,
  ].filter(Boolean);
  return `${c.name}: ${has.join(", ")}`;
}

/** One line per missing part: what golive then does not offer. */
export function missingLines(c: EnvConfig): string[] {
  return missingParts(c).map((p) => `no ${p} section: no ${CONFIG_PARTS[p]}`);
}

/** `no alb section in this session's config (FILE): golive cannot …; add one and …`. */
export function missingPartText(part: ConfigPart, file?: string): string {
  return `this session's config${file ? ` (${file})` : ""} has no ${part} section, so golive has no ${CONFIG_PARTS[part]}: add it to the config and run golive attach --config FILE (it adds missing parts, never changes one)`;
}

/** Every problem, one line each: `alb.listenerArn: expected an ELBv2 listener ARN (...)`. */
export function validateEnvConfig(
  raw: unknown,
): { ok: true; config: EnvConfig } | { ok: false; problems: string[]; paths?: PropertyKey[][] } {
  // Without zod's JIT: for a config it parses once, zod would generate each object schema's fast
  // path with `new Function` and compile it, at every start, before the cockpit's first frame (no
  // code cache holds generated code); the plain path gives the same result (bench/RESULTS.md §1v).
  // reportInput: zod 4 leaves an issue's `input` out unless asked, and without it every field of the
  // wrong type (`"region": 5`) read as missing ("required").
  const r = loadConfigSchema().envConfigSchema.safeParse(raw, { jitless: true, reportInput: true });
  if (r.success) {
    if (r.data.alb && r.data.alb.blueTargetGroupArn === r.data.alb.greenTargetGroupArn) {
      return {
        ok: false,
        problems: ["alb.greenTargetGroupArn: must differ from alb.blueTargetGroupArn"],
        paths: [["alb", "greenTargetGroupArn"]],
      };
    }
    if (r.data.metrics.source === "prometheus" && !r.data.prometheus)
      return {
        ok: false,
        problems: [
          'metrics.source: "prometheus" needs a prometheus section ({ "url": "http://prometheus:9090" })',
        ],
      };
    const m = r.data.metrics;
    if (m.periodSeconds < 60 && (m.source !== "prometheus" || m.custom.length))
      return {
        ok: false,
        problems: [
          m.source !== "prometheus"
            ? `metrics.periodSeconds: ${m.periodSeconds} s is finer than CloudWatch's ALB metrics (per minute): use a multiple of 60, or metrics.source "prometheus"`
            : `metrics.periodSeconds: ${m.periodSeconds} s, but metrics.custom reads CloudWatch per minute: use a multiple of 60`,
        ],
        paths: [["metrics", "periodSeconds"]],
      };
    return { ok: true, config: r.data };
  }
  return {
    ok: false,
    paths: r.error.issues.map((i) => i.path),
    problems: r.error.issues.map((i) => {
      const path = i.path.join(".") || "(top level)";
      if (i.code === "unrecognized_keys")
        return `${path === "(top level)" ? "" : `${path}: `}unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")}`;
      if (i.code === "invalid_type" && i.input === undefined) return `${path}: required`;
      return `${path}: ${i.message}`;
    }),
  };
}
