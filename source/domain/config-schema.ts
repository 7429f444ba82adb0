/**
 * The environment config's schema (zod), apart from config.ts so that only what validates a config
 * loads zod: building these schemas and zod itself cost about a third of `golive status`'s start-up.
 * config.ts loads this module on the first validation (config-schema-load.ts).
 */
import * as z from "zod";
import { anchorConfig } from "./anchor-config.js";
import { teamConfig } from "./team-config.js";
import { ALERT_TRIGGERS, TRIGGER_NAMES, TRUST_LEVELS, type TriggerName } from "./triggers.js";

const elbArn = (kind: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[\\w-]*:elasticloadbalancing:[\\w-]+:\\d{12}:${kind}/`),
      `expected an ELBv2 ${kind} ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:${kind}/...)`,
    );

const trustLevel = z.enum(TRUST_LEVELS);
/** Per trigger: a level, or a level that escalates after the trigger fired in N periods in a row. */
const triggerPolicy = z.union(
  [
    trustLevel,
    z
      .object({
        level: trustLevel,
        persist: z
          .object({ periods: z.number().int().min(1).max(60), to: trustLevel })
          .strict()
          .optional(),
      })
      .strict(),
  ],
  {
    error:
      'expected "advisory", "pause" or "rollback", or { "level": …, "persist": { "periods": N, "to": … } }',
  },
);
/** An alert trigger fires on an observation, not per period: a level only, nothing to persist over. */
const alertTriggerPolicy = z.union([trustLevel, z.object({ level: trustLevel }).strict()], {
  error:
    'expected "advisory", "pause" or "rollback" (an alert trigger has no "persist": it is not judged per period)',
});
const triggerPolicies = z
  .object(
    Object.fromEntries(
      TRIGGER_NAMES.map((n) => [
        n,
        ((ALERT_TRIGGERS as readonly string[]).includes(n) ? alertTriggerPolicy : triggerPolicy).optional(),
      ]),
    ) as Record<TriggerName, z.ZodOptional<typeof triggerPolicy>>,
  )
  .strict();

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region like us-east-1");

const url = z.string().regex(/^https?:\/\/[^\s]+$/, "expected an http(s) URL");

const dimensions = z.record(z.string().min(1), z.string().min(1));

const customMetric = z
  .object({
    /** As the runbook writes it (`SearchErrors`). */
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "expected the metric's name as the runbook writes it"),
    namespace: z.string().min(1),
    /** The CloudWatch MetricName; the name when left out. */
    metric: z.string().min(1).optional(),
    stat: z
      .string()
      .regex(
        /^(?:Sum|Average|Minimum|Maximum|SampleCount|p\d{1,2}(?:\.\d+)?)$/,
        "expected Sum, Average, Minimum, Maximum, SampleCount or pNN",
      )
      .default("Sum"),
    dimensions: z.object({ blue: dimensions, green: dimensions }).strict(),
  })
  .strict();

export type CustomMetric = z.infer<typeof customMetric>;

export const envConfigSchema = z
  .object({
    name: z.string().min(1),
    aws: z
      .object({
        region,
        profile: z.string().optional(),
        /** Endpoint override: the sandbox, or a VPC endpoint. */
        endpoint: url.optional(),
        /** The sandbox accepts any signed request; golive then signs with fixed, fake credentials. */
        sandbox: z.boolean().default(false),
        timeoutMs: z.number().int().min(100).max(120_000).default(5000),
        maxAttempts: z.number().int().min(1).max(10).default(4),
      })
      .strict(),
    /** Optional (an EKS-only go-live has none): without it, golive ecs, scale-blue and ECS checks say so. */
    ecs: z
      .object({ cluster: z.string().min(1), blueService: z.string().min(1), greenService: z.string().min(1) })
      .strict()
      .optional(),
    /**
     * Optional: without it golive cannot read or move traffic (p, R, promote and rollback say so and
     * how to attach it), and CloudWatch's ALB metrics have no target groups to read.
     */
    alb: z
      .object({
        listenerArn: elbArn("listener"),
        blueTargetGroupArn: elbArn("targetgroup"),
        greenTargetGroupArn: elbArn("targetgroup"),
      })
      .strict()
      .optional(),
    health: z
      .object({
        blue: url.optional(),
        green: url.optional(),
        timeoutMs: z.number().int().min(100).default(3000),
      })
      .strict()
      .default({ timeoutMs: 3000 }),
    metrics: z
      .object({
        /**
         * Where the panes, the rollback triggers and the gate read blue and green: CloudWatch (the
         * ALB's target groups), or the prometheus section's PromQL per arm (an EKS session).
         */
        source: z.enum(["cloudwatch", "prometheus"]).default("cloudwatch"),
        /**
         * CloudWatch's ALB metrics come per minute: a multiple of 60. Prometheus can do finer (a
         * divisor of 60 from 10 s, checked below), which brings a breach on screen sooner.
         */
        periodSeconds: z
          .number()
          .int()
          .refine(
            (n) => n >= 10 && (n % 60 === 0 || 60 % n === 0),
            "must be a multiple of 60 (with Prometheus also 10, 12, 15, 20 or 30)",
          )
          .default(60),
        pollSeconds: z.number().min(1).max(600).default(15),
        /** A period is judged only this long after it ended (CloudWatch publishes late). */
        settleSeconds: z.number().int().min(0).max(900).default(60),
        /**
         * The application's own CloudWatch metrics a runbook's thresholds name (`SearchErrors > 25
         * per minute`): bound by `name`, read per arm with that arm's dimensions.
         */
        custom: z.array(customMetric).default([]),
      })
      .strict()
      .default({ source: "cloudwatch", periodSeconds: 60, pollSeconds: 15, settleSeconds: 60, custom: [] }),
    /**
     * Prometheus as a metric source (an EKS session's own monitoring): its HTTP API, and PromQL per
     * arm with $arm (the arm's label value) and $window (the rate window) filled in.
     */
    prometheus: z
      .object({
        url,
        window: z
          .string()
          .regex(/^\d+[smh]$/, "expected a PromQL duration like 1m or 30s")
          .default("1m"),
        arms: z
          .object({ blue: z.string().min(1).default("blue"), green: z.string().min(1).default("green") })
          .strict()
          .default({ blue: "blue", green: "green" }),
        queries: z
          .object({
            errorRatePercent: z.string().min(1).optional(),
            latencyP95Ms: z.string().min(1).optional(),
            throughputRps: z.string().min(1).optional(),
          })
          .strict()
          .default({}),
        timeoutMs: z.number().int().min(100).max(120_000).default(5000),
      })
      .strict()
      .optional(),
    kubernetes: z
      .object({
        kubeconfig: z.string().optional(),
        context: z.string().optional(),
        namespace: z.string().min(1).default("default"),
        /** The Deployment being released (golive k8s …), and its container when it has several. */
        deployment: z.string().min(1).optional(),
        container: z.string().min(1).optional(),
        /**
         * This go-live releases that Deployment (an EKS session): R undoes its rollout after the
         * listener, and the cockpit shows its rollout.
         */
        release: z.boolean().default(false),
        /**
         * The Ingress whose AWS Load Balancer Controller owns the listener: weights move through its
         * `alb.ingress.kubernetes.io/actions.<action>` annotation (a direct listener write would be
         * undone), and are claimed only once the listener itself shows them.
         */
        ingress: z
          .object({ name: z.string().min(1), action: z.string().min(1).default("blue-green") })
          .strict()
          .optional(),
        /** How long a rollback's read-back may wait for the rollout to complete. */
        rollbackTimeoutSeconds: z.number().int().min(5).max(3600).default(300),
        timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      })
      .strict()
      .optional(),
    canary: z
      .object({
        steps: z
          .array(z.number().int().min(1).max(100))
          .min(1)
          .refine(
            (s) => s.every((v, i) => i === 0 || v > s[i - 1]!) && s.at(-1) === 100,
            "steps must rise and end at 100",
          )
          .optional(),
        dwellMinutes: z.number().min(0).optional(),
        verifyTimeoutSeconds: z.number().min(1).max(600).default(60),
        /** The canary verdict (domain/verdict.ts): its margins and how far it is trusted. */
        verdict: z
          .object({
            errorMarginPoints: z.number().min(0).max(100).optional(),
            latencyMarginMs: z.number().min(0).optional(),
            /**
             * pause: promotion needs PASS (not only "no FAIL") and FAIL pauses; advisory: FAIL only
             * warns. Unset: `triggers["canary-verdict"]` decides (default pause: FAIL blocks).
             */
            trust: z.enum(["advisory", "pause"]).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({ verifyTimeoutSeconds: 60 }),
    thresholds: z
      .object({
        go: z
          .object({
            errorRatePercent: z.number().min(0).optional(),
            latencyP95Ms: z.number().min(0).optional(),
          })
          .strict()
          .optional(),
        rollback: z
          .object({
            errorRatePercent: z.number().min(0).optional(),
            latencyP95Ms: z.number().min(0).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** How far each trigger is trusted (domain/trust.ts): advisory, pause or rollback. */
    triggers: triggerPolicies.optional(),
    autoRollback: z
      .object({
        enabled: z.boolean().default(false),
        consecutiveBreaches: z.number().int().min(1).max(10).default(2),
      })
      .strict()
      .default({ enabled: false, consecutiveBreaches: 2 }),
    /**
     * Team mode: the session is shared through S3 (one object per event, conditional writes) and the
     * lead is a lease there; the local session file stays this bastion's cache.
     */
    team: teamConfig.optional(),
    checkpoints: z
      .object({
        anchor: z.enum(["green-100", "t0"]).default("green-100"),
        offsetsMinutes: z.array(z.number().int().positive()).optional(),
      })
      .strict()
      .default({ anchor: "green-100" }),
    /** The chain head anchored to S3 under Object Lock at sign-off and each amendment (anchor-config.ts). */
    anchor: anchorConfig.optional(),
  })
  .strict();

export type EnvConfig = z.infer<typeof envConfigSchema>;
export type EnvConfigInput = z.input<typeof envConfigSchema>;
