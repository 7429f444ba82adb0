/** The ALB listener as a TrafficPort, and target health as a HealthPort (ELBv2 through SDK v3). */
import {
  type Action,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  type Rule,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { sharesOf } from "../../domain/canary.js";
import type { AlbConfig, EnvConfig } from "../../domain/config.js";
import type { Weights } from "../../domain/events.js";
import type { Color, HealthPort, ListenerState, TargetHealth, TrafficPort } from "../../domain/ports.js";

/** A weight AWS omits is 1 (a single-target forward describes its one group without one). */
const weightOf = (t: { Weight?: number }) => t.Weight ?? 1;

export class AlbTraffic implements TrafficPort {
  constructor(
    private elbv2: ElasticLoadBalancingV2Client,
    private alb: AlbConfig,
    /** Where the manual command must point: the same profile, region and endpoint golive uses. */
    private aws?: Pick<EnvConfig["aws"], "region" | "profile" | "endpoint">,
  ) {}

  async read(opts: { rules?: boolean } = {}): Promise<ListenerState> {
    const r = await this.elbv2.send(new DescribeListenersCommand({ ListenerArns: [this.alb.listenerArn] }));
    const listener = r.Listeners?.[0];
    if (!listener) throw new Error(`DescribeListeners returned no listener for ${this.alb.listenerArn}`);
    const actions = listener.DefaultActions ?? [];
    const rules = opts.rules ? await this.rules() : undefined;
    const fwd = actions.find((a) => a.Type === "forward");
    if (!fwd) {
      // A fixed-response or redirect default action sends no traffic to either color.
      return { weights: { blue: 0, green: 0 }, raw: { blue: 0, green: 0 }, actions, others: [], rules };
    }
    const tgs = fwd.ForwardConfig?.TargetGroups?.length
      ? fwd.ForwardConfig.TargetGroups
      : fwd.TargetGroupArn
        ? [{ TargetGroupArn: fwd.TargetGroupArn }]
        : [];
    const rawOf = (arn: string) => {
      const t = tgs.find((x) => x.TargetGroupArn === arn);
      return t ? weightOf(t) : 0;
    };
    const raw = { blue: rawOf(this.alb.blueTargetGroupArn), green: rawOf(this.alb.greenTargetGroupArn) };
    const others = tgs
      .filter(
        (t) =>
          t.TargetGroupArn !== this.alb.blueTargetGroupArn &&
          t.TargetGroupArn !== this.alb.greenTargetGroupArn,
      )
      .map((t) => ({ arn: t.TargetGroupArn ?? "?", weight: weightOf(t) }));
    const st = fwd.ForwardConfig?.TargetGroupStickinessConfig;
    return {
      weights: sharesOf(raw.blue, raw.green),
      raw,
      stickiness: st ? { enabled: st.Enabled ?? false, durationSeconds: st.DurationSeconds } : undefined,
      actions,
      others,
      rules,
    };
  }

  /** The listener's rules above the default action, each as one line a person can check. */
  private async rules(): Promise<NonNullable<ListenerState["rules"]>> {
    const all: Rule[] = [];
    let marker: string | undefined;
    do {
      const r = await this.elbv2.send(
        new DescribeRulesCommand({ ListenerArn: this.alb.listenerArn, Marker: marker }),
      );
      all.push(...(r.Rules ?? []));
      marker = r.NextMarker;
    } while (marker);
    return all
      .filter((r) => !r.IsDefault)
      .map((r) => ({
        priority: r.Priority ?? "?",
        conditions: (r.Conditions ?? [])
          .map((c) => {
            const values =
              c.Values ??
              c.HostHeaderConfig?.Values ??
              c.PathPatternConfig?.Values ??
              c.HttpRequestMethodConfig?.Values ??
              c.SourceIpConfig?.Values ??
              [];
            return `${c.Field ?? "?"}=${values.join("|")}`;
          })
          .join(" & "),
        action: (r.Actions ?? []).map((a) => this.describeAction(a)).join(", "),
      }));
  }

  private describeAction(a: Action): string {
    if (a.Type !== "forward") return a.Type ?? "?";
    const tgs =
      a.ForwardConfig?.TargetGroups ?? (a.TargetGroupArn ? [{ TargetGroupArn: a.TargetGroupArn }] : []);
    const name = (arn?: string) =>
      arn === this.alb.blueTargetGroupArn
        ? "blue"
        : arn === this.alb.greenTargetGroupArn
          ? "green"
          : (arn?.split(":").pop() ?? "?");
    return `forward ${tgs.map((t) => `${name(t.TargetGroupArn)}=${weightOf(t)}`).join("/")}`;
  }

  /** `base`'s default actions with only blue's and green's forward weights changed. */
  actionsFor(to: Weights, base: ListenerState): Action[] {
    if (!base.actions?.length)
      throw new Error(
        "the listener's default actions are not known (DescribeListeners did not answer): nothing was sent",
      );
    // Percent steps are written as is (90/10); shares with a tenth (99.9/0.1) as per-mille weights.
    const whole = Number.isInteger(to.blue) && Number.isInteger(to.green);
    const rawBlue = whole ? to.blue : Math.round(to.blue * 10);
    const rawGreen = whole ? to.green : Math.round(to.green * 10);
    const actions = structuredClone(base.actions) as Action[];
    if (!actions.some((a) => a.Type === "forward"))
      throw new Error("the listener's default action does not forward to target groups: nothing was sent");
    return actions.map((a) => {
      if (
        a.Type === "authenticate-oidc" &&
        a.AuthenticateOidcConfig &&
        !a.AuthenticateOidcConfig.ClientSecret
      ) {
        // DescribeListeners never returns the client secret; ModifyListener keeps it only when told to.
        return {
          ...a,
          AuthenticateOidcConfig: { ...a.AuthenticateOidcConfig, UseExistingClientSecret: true },
        };
      }
      if (a.Type !== "forward") return a;
      const current = a.ForwardConfig?.TargetGroups?.length
        ? a.ForwardConfig.TargetGroups
        : a.TargetGroupArn
          ? [{ TargetGroupArn: a.TargetGroupArn }]
          : [];
      const others = current
        .filter(
          (t) =>
            t.TargetGroupArn !== this.alb.blueTargetGroupArn &&
            t.TargetGroupArn !== this.alb.greenTargetGroupArn,
        )
        .map((t) => ({ TargetGroupArn: t.TargetGroupArn, Weight: weightOf(t) }));
      const { TargetGroupArn: _single, ...rest } = a;
      return {
        ...rest,
        ForwardConfig: {
          ...a.ForwardConfig,
          TargetGroups: [
            { TargetGroupArn: this.alb.blueTargetGroupArn, Weight: rawBlue },
            { TargetGroupArn: this.alb.greenTargetGroupArn, Weight: rawGreen },
            ...others,
          ],
          // Stickiness exactly as read: absent stays absent, never a default `Enabled: false`.
        },
      };
    });
  }

  async write(to: Weights, base: ListenerState): Promise<{ attempts: number }> {
    const DefaultActions = this.actionsFor(to, base);
    const r = await this.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: this.alb.listenerArn, DefaultActions }),
    );
    return { attempts: r.$metadata.attempts ?? 1 };
  }

  manualCommand(to: Weights, base?: ListenerState): string {
    let actions: unknown[];
    try {
      actions = base ? this.actionsFor(to, base) : [];
    } catch {
      actions = [];
    }
    if (!actions.length)
      actions = [
        {
          Type: "forward",
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: this.alb.blueTargetGroupArn, Weight: to.blue },
              { TargetGroupArn: this.alb.greenTargetGroupArn, Weight: to.green },
            ],
          },
        },
      ];
    const parts = [
      "aws elbv2 modify-listener",
      `--listener-arn ${quote(this.alb.listenerArn)}`,
      `--default-actions ${quote(JSON.stringify(actions))}`,
    ];
    if (this.aws?.profile) parts.push(`--profile ${quote(this.aws.profile)}`);
    if (this.aws?.region) parts.push(`--region ${quote(this.aws.region)}`);
    if (this.aws?.endpoint) parts.push(`--endpoint-url ${quote(this.aws.endpoint)}`);
    return parts.join(" ");
  }
}

/** One bash word, always quoted: the command is pasted into a shell at 2 a.m. */
function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export class AlbHealth implements HealthPort {
  constructor(
    private elbv2: ElasticLoadBalancingV2Client,
    private alb: AlbConfig,
  ) {}

  async targets(color: Color): Promise<TargetHealth> {
    const arn = color === "blue" ? this.alb.blueTargetGroupArn : this.alb.greenTargetGroupArn;
    const r = await this.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    const states = (r.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth?.State ?? "unknown");
    return { healthy: states.filter((s) => s === "healthy").length, total: states.length, states };
  }
}
