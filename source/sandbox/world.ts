/**
 * The simulated world: the ALB (listener, target groups), ECS (services, tasks), the traffic that
 * flows through them into CloudWatch's store, Kubernetes objects, faults, and a log of every
 * call. State advances lazily to the sandbox clock on every request and tick; the models live in
 * world/, one per simulated service, and this class wires them to one clock, RNG and log.
 */
import type { SandboxClock } from "./clock.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./scenario.js";
import { Alb } from "./world/alb.js";
import { Ecs } from "./world/ecs.js";
import type { Service } from "./world/ecs-types.js";
import type { LogEntry, TrafficFault } from "./world/fault-types.js";
import { Faults } from "./world/faults.js";
import { MetricStore, PERIOD_MS } from "./world/metrics.js";
import { TrafficModel } from "./world/traffic.js";
import type { ListenerAction, TargetGroup } from "./world/types.js";

export { weightsOf } from "./world/alb.js";
export type * from "./world/ecs-types.js";
export type * from "./world/fault-types.js";
export { metricKey, PERIOD_MS, statistic } from "./world/metrics.js";
export type * from "./world/types.js";

const LOG_LIMIT = 20_000;

export class World {
  readonly rng: Rng;
  readonly region: string;
  readonly account: string;
  readonly createdAt: number;
  readonly kube: Scenario["kubernetes"];
  readonly log: LogEntry[] = [];
  readonly faults: Faults;
  readonly ecs: Ecs;
  readonly alb: Alb;
  readonly cw: MetricStore;
  readonly traffic: TrafficModel;
  private logSeq = 0;

  /**
   * `historyOnFirstUse`: the hour of history is simulated by the first advance (every request and
   * the sandbox's tick begin with one) instead of here. `golive demo` starts its sandbox in-process,
   * and simulating the hour (360 slices, ~170 ms of CPU) before the cockpit's first frame delayed a
   * frame that shows no sandbox data yet (bench/RESULTS.md §0x). Slices are whole and in order either
   * way, so the history is the same.
   */
  constructor(
    readonly scenario: Scenario,
    readonly clock: SandboxClock,
    opts: { historyOnFirstUse?: boolean } = {},
  ) {
    const now = clock.now();
    this.createdAt = now;
    this.rng = new Rng(scenario.seed);
    this.region = scenario.region;
    this.account = scenario.accountId;
    this.kube = scenario.kubernetes;
    // Start with an hour of history, so dashboards and baselines have data from the first second.
    const historyFrom = now - PERIOD_MS * 60;
    this.faults = new Faults((e) => this.record(e));
    this.ecs = new Ecs(
      {
        region: this.region,
        account: this.account,
        rng: this.rng,
        timing: scenario.timing,
        now: () => clock.now(),
        deregistrationDelayMs: (tg) => this.alb.deregistrationDelayMs(tg),
      },
      scenario.ecs.cluster,
    );
    this.alb = new Alb(scenario, now, historyFrom, this.faults, (tg) => this.ecs.tasksOf(tg));
    this.cw = new MetricStore(() => clock.now(), scenario.timing.metricDelaySeconds * 1000);
    for (const s of scenario.ecs.services) {
      const td = this.ecs.registerTaskDefinition(
        {
          family: s.family,
          containerDefinitions: [
            { name: s.family, image: s.image, portMappings: [{ containerPort: 8080 }], essential: true },
          ],
          cpu: "512",
          memory: "1024",
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
        },
        s.revision,
        now - 7 * 86_400_000,
      );
      // Services that were already running before the sandbox started: their tasks are healthy now.
      this.ecs.createService(
        {
          name: s.name,
          taskDefinitionArn: td.arn,
          desiredCount: s.desiredCount,
          targetGroupArn: this.alb.tgByKey(s.targetGroup).arn,
          containerPort: 8080,
        },
        now - 86_400_000,
      );
    }
    this.traffic = new TrafficModel(
      this.alb,
      this.faults,
      this.cw,
      this.rng,
      scenario.traffic.rps,
      historyFrom,
      // Its own stream, so adding 4xx left every earlier scenario's 5xx and latency draws as they were.
      new Rng(scenario.seed ^ 0x4c4),
    );
    if (!opts.historyOnFirstUse) this.advance();
  }

  record(entry: Omit<LogEntry, "seq" | "at" | "realAt">): LogEntry {
    const e: LogEntry = { seq: ++this.logSeq, at: this.clock.now(), realAt: Date.now(), ...entry };
    this.log.push(e);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    return e;
  }

  /** Brings the world up to the sandbox clock: task transitions, finished deployments, traffic. */
  advance(): void {
    const now = this.clock.now();
    this.ecs.settle(now);
    this.traffic.advanceTo(now);
    for (const f of this.onAdvance) f();
  }

  /** Controllers that act on the clock (the sandbox's AWS Load Balancer Controller), run on every advance. */
  readonly onAdvance: (() => void)[] = [];

  // Writes go through here so the traffic before them is simulated under the old state.

  setListenerActions(actions: ListenerAction[]): void {
    this.advance();
    this.alb.setListenerActions(actions, this.clock.now());
  }

  updateService(svc: Service, o: { desiredCount?: number; taskDefinitionArn?: string }): Service {
    this.advance();
    return this.ecs.updateService(svc, o);
  }

  /** Attributes apply from now on: targets already draining keep the delay they started with. */
  setTargetGroupAttributes(tg: TargetGroup, attributes: { Key: string; Value: string }[]): void {
    this.advance();
    for (const a of attributes) tg.attributes[a.Key] = a.Value;
  }

  setTrafficFault(key: string, fault: TrafficFault): void {
    this.advance();
    this.faults.setTraffic(this.alb.tgByKey(key).arn, key, fault);
  }

  clearFaults(): void {
    this.advance();
    this.faults.clear();
    this.alb.staleActions = undefined;
  }
}
