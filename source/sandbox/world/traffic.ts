/**
 * The traffic model: requests arrive (Poisson at the scenario's rate), the listener's weights at
 * that instant split them between target groups, each target group answers with its error rate
 * and latency (or an injected fault's), and the ALB publishes what CloudWatch would see.
 * Simulated in 10 s slices so a weight change lands mid-period as it would on AWS.
 */
import { bucketOf, type Histogram } from "../histogram.js";
import type { Rng } from "../rng.js";
import type { Alb } from "./alb.js";
import { divert } from "./data-plane.js";
import type { Faults } from "./faults.js";
import { type MetricStore, PERIOD_MS } from "./metrics.js";
import { PromCounters } from "./prom.js";

const SLICE_MS = 10_000;
const SAMPLES_PER_SLICE = 120;
const NS = "AWS/ApplicationELB";

export class TrafficModel {
  private simulatedTo: number;
  /** What each arm's app would expose on /metrics (world/prom.ts). */
  readonly prom = new PromCounters();

  constructor(
    private readonly alb: Alb,
    private readonly faults: Faults,
    private readonly cw: MetricStore,
    private readonly rng: Rng,
    private readonly rps: number,
    from: number,
    private readonly rng4xx: Rng,
  ) {
    this.simulatedTo = Math.floor(from / PERIOD_MS) * PERIOD_MS;
  }

  /** Simulates every whole slice up to `now`. */
  advanceTo(now: number): void {
    const end = Math.floor(now / SLICE_MS) * SLICE_MS;
    while (this.simulatedTo + SLICE_MS <= end) {
      this.simulateSlice(this.simulatedTo);
      this.simulatedTo += SLICE_MS;
    }
  }

  private simulateSlice(start: number) {
    // What the data plane does with the listener's split (stickiness, another listener, a rule).
    const weights = divert(this.alb.weightsAt(start), this.faults.dataPlane, start);
    const period = Math.floor(start / PERIOD_MS) * PERIOD_MS;
    const lbDim = this.alb.loadBalancer.dimension;
    const lbDims = [{ Name: "LoadBalancer", Value: lbDim }];
    let lbRequests = 0;
    let elb5xx = 0;
    let elb502 = 0;
    let elb504 = 0;
    for (const tg of this.alb.targetGroups.values()) {
      const dims = [
        { Name: "TargetGroup", Value: tg.dimension },
        { Name: "LoadBalancer", Value: lbDim },
      ];
      const targets = this.alb.targetsAt(tg.arn, start);
      const healthy = targets.filter((t) => t.state === "healthy").length;
      this.cw.add(NS, "HealthyHostCount", dims, period, healthy);
      this.cw.add(NS, "UnHealthyHostCount", dims, period, targets.length - healthy);
      const share = weights.get(tg.arn) ?? 0;
      if (share <= 0) continue;
      const requests = this.rng.poisson((this.rps * share * SLICE_MS) / 1000);
      if (requests === 0) continue;
      lbRequests += requests;
      if (targets.filter((t) => t.state !== "draining").length === 0) {
        elb5xx += requests; // no registered targets: the ALB answers 503 itself
        this.prom.requests(tg.key, "503", requests);
        continue;
      }
      const fault = this.faults.traffic.get(tg.arn);
      // A target was chosen for every request (RequestCount counts them all); crashed and hung
      // targets never answer, so the ALB does: 502 with a connection error, or 504.
      this.cw.add(NS, "RequestCount", dims, period, requests);
      const crashed = fault?.crashed ? this.rng.binomial(requests, fault.crashed) : 0;
      const hung = fault?.hung ? this.rng.binomial(requests - crashed, fault.hung) : 0;
      if (crashed > 0) this.cw.add(NS, "TargetConnectionErrorCount", dims, period, crashed);
      elb502 += crashed;
      elb504 += hung;
      this.prom.requests(tg.key, "502", crashed);
      this.prom.requests(tg.key, "504", hung);
      elb5xx += crashed + hung;
      const answered = requests - crashed - hung;
      if (answered === 0) continue;
      const errorRate = fault?.errorRate ?? tg.errorRate;
      const errors = this.rng.binomial(answered, errorRate);
      if (errors > 0) this.cw.add(NS, "HTTPCode_Target_5XX_Count", dims, period, errors);
      const clientErrors = this.rng4xx.binomial(
        answered - errors,
        fault?.clientErrorRate ?? tg.clientErrorRate,
      );
      if (clientErrors > 0) this.cw.add(NS, "HTTPCode_Target_4XX_Count", dims, period, clientErrors);
      this.cw.add(NS, "HTTPCode_Target_2XX_Count", dims, period, answered - errors - clientErrors);
      this.prom.requests(tg.key, "500", errors);
      this.prom.requests(tg.key, "404", clientErrors);
      this.prom.requests(tg.key, "200", answered - errors - clientErrors);
      const mult = fault?.latencyMultiplier ?? 1;
      const hist: Histogram = new Map();
      const n = Math.min(answered, SAMPLES_PER_SLICE);
      const weight = answered / n;
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = 0;
      for (let i = 0; i < n; i++) {
        const s = (this.rng.lognormal(tg.latency.medianMs, tg.latency.p95Ms) * mult) / 1000;
        hist.set(bucketOf(s), (hist.get(bucketOf(s)) ?? 0) + weight);
        this.prom.observe(tg.key, s, weight);
        sum += s * weight;
        min = Math.min(min, s);
        max = Math.max(max, s);
      }
      this.cw.add(NS, "TargetResponseTime", dims, period, sum, answered, min, max, hist);
    }
    if (lbRequests > 0) this.cw.add(NS, "RequestCount", lbDims, period, lbRequests);
    if (elb5xx > 0) this.cw.add(NS, "HTTPCode_ELB_5XX_Count", lbDims, period, elb5xx);
    if (elb502 > 0) this.cw.add(NS, "HTTPCode_ELB_502_Count", lbDims, period, elb502);
    if (elb504 > 0) this.cw.add(NS, "HTTPCode_ELB_504_Count", lbDims, period, elb504);
  }
}
