/** The ALB listener as a TrafficPort, and target health as a HealthPort (ELBv2 through SDK v3). */
import {
  type Action,
  DescribeListenersCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { AlbConfig, EnvConfig } from "../../domain/config.js";
import type { Weights } from "../../domain/events.js";
import type { Color, HealthPort, ListenerState, TargetHealth, TrafficPort } from "../../domain/ports.js";
import { actionsFor } from "./alb-actions.js";
import { listenerState } from "./alb-listener-state.js";
import { manualCommand } from "./alb-manual.js";
import { readRules } from "./alb-rules.js";

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
    const rules = opts.rules ? await readRules(this.elbv2, this.alb) : undefined;
    return listenerState(this.alb, listener.DefaultActions ?? [], rules);
  }

  /** `base`'s default actions with only blue's and green's forward weights changed. */
  actionsFor(to: Weights, base: ListenerState): Action[] {
    return actionsFor(this.alb, to, base);
  }

  async write(to: Weights, base: ListenerState): Promise<{ attempts: number }> {
    const DefaultActions = this.actionsFor(to, base);
    const r = await this.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: this.alb.listenerArn, DefaultActions }),
    );
    return { attempts: r.$metadata.attempts ?? 1 };
  }

  manualCommand(to: Weights, base?: ListenerState): string {
    return manualCommand(this.alb, this.aws, to, base);
  }
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
