/** The ALB listener as a TrafficPort, and target health as a HealthPort (ELBv2 through SDK v3). */
import {
  DescribeListenersCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { EnvConfig } from "../../domain/config.js";
import type { Weights } from "../../domain/events.js";
import type { Color, HealthPort, ListenerState, TargetHealth, TrafficPort } from "../../domain/ports.js";

export class AlbTraffic implements TrafficPort {
  constructor(
    private elbv2: ElasticLoadBalancingV2Client,
    private alb: EnvConfig["alb"],
  ) {}

  async read(): Promise<ListenerState> {
    const r = await this.elbv2.send(new DescribeListenersCommand({ ListenerArns: [this.alb.listenerArn] }));
    const listener = r.Listeners?.[0];
    if (!listener) throw new Error(`DescribeListeners returned no listener for ${this.alb.listenerArn}`);
    const fwd = listener.DefaultActions?.find((a) => a.Type === "forward");
    if (!fwd) {
      // A fixed-response or redirect default action sends no traffic to either color.
      return { weights: { blue: 0, green: 0 }, raw: { blue: 0, green: 0 } };
    }
    const tgs = fwd.ForwardConfig?.TargetGroups?.length
      ? fwd.ForwardConfig.TargetGroups
      : fwd.TargetGroupArn
        ? [{ TargetGroupArn: fwd.TargetGroupArn, Weight: 1 }]
        : [];
    const raw = {
      blue: tgs.find((t) => t.TargetGroupArn === this.alb.blueTargetGroupArn)?.Weight ?? 0,
      green: tgs.find((t) => t.TargetGroupArn === this.alb.greenTargetGroupArn)?.Weight ?? 0,
    };
    const total = tgs.reduce((s, t) => s + (t.Weight ?? 1), 0);
    const green = total > 0 ? Math.round((100 * raw.green) / total) : 0;
    const blue = total > 0 ? Math.round((100 * raw.blue) / total) : 0;
    const st = fwd.ForwardConfig?.TargetGroupStickinessConfig;
    return {
      weights: { blue, green },
      raw,
      stickiness: st ? { enabled: st.Enabled ?? false, durationSeconds: st.DurationSeconds } : undefined,
    };
  }

  async write(to: Weights, stickiness?: ListenerState["stickiness"]): Promise<{ attempts: number }> {
    const r = await this.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: this.alb.listenerArn,
        // The action list is replaced whole: always send the complete weighted forward.
        DefaultActions: [
          {
            Type: "forward",
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: this.alb.blueTargetGroupArn, Weight: to.blue },
                { TargetGroupArn: this.alb.greenTargetGroupArn, Weight: to.green },
              ],
              TargetGroupStickinessConfig: stickiness?.enabled
                ? { Enabled: true, DurationSeconds: stickiness.durationSeconds }
                : { Enabled: false },
            },
          },
        ],
      }),
    );
    return { attempts: r.$metadata.attempts ?? 1 };
  }

  manualCommand(to: Weights): string {
    return [
      "aws elbv2 modify-listener",
      `--listener-arn ${this.alb.listenerArn}`,
      `--default-actions 'Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=${this.alb.blueTargetGroupArn},Weight=${to.blue}},{TargetGroupArn=${this.alb.greenTargetGroupArn},Weight=${to.green}}]}'`,
    ].join(" ");
  }
}

export class AlbHealth implements HealthPort {
  constructor(
    private elbv2: ElasticLoadBalancingV2Client,
    private alb: EnvConfig["alb"],
  ) {}

  async targets(color: Color): Promise<TargetHealth> {
    const arn = color === "blue" ? this.alb.blueTargetGroupArn : this.alb.greenTargetGroupArn;
    const r = await this.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    const states = (r.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth?.State ?? "unknown");
    return { healthy: states.filter((s) => s === "healthy").length, total: states.length, states };
  }
}
