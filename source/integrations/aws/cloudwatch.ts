/**
 * Blue and green series from CloudWatch as AWS means them (cloudwatch-series), window percentiles
 * asked with Period = window, and the gate's measures (cloudwatch-measure), per target group.
 */
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { AlbConfig } from "../../domain/config.js";
import type { Color, MeasureSpec, MetricSeries, MetricsPort } from "../../domain/ports.js";
import { measured, measureQueries } from "./cloudwatch-measure.js";
import {
  getMetricData,
  lbDimension,
  type MetricQuery,
  tgDimension,
  wholeWindow,
  windowValue,
} from "./cloudwatch-query.js";
import { seriesFrom, seriesQueries } from "./cloudwatch-series.js";

export class CloudWatchMetrics implements MetricsPort {
  constructor(
    private cw: CloudWatchClient,
    private alb: AlbConfig,
  ) {}

  /** Each arm's query prefix (`b`, `g`) with its target group dimensions. */
  private arms(): [string, MetricQuery["dims"]][] {
    return [
      ["b", this.tgDims(this.alb.blueTargetGroupArn)],
      ["g", this.tgDims(this.alb.greenTargetGroupArn)],
    ];
  }

  private tgDims(arn: string) {
    return [
      { Name: "TargetGroup", Value: tgDimension(arn) },
      { Name: "LoadBalancer", Value: lbDimension(this.alb.listenerArn) },
    ];
  }

  async series(start: number, end: number, periodSeconds: number): Promise<MetricSeries> {
    const lbDims = [{ Name: "LoadBalancer", Value: lbDimension(this.alb.listenerArn) }];
    const queries = seriesQueries(this.arms(), lbDims);
    return seriesFrom(await getMetricData(this.cw, queries, start, end, periodSeconds), periodSeconds);
  }

  /** pNN over the whole window per arm: one datapoint, asked with Period = window. */
  async windowPercentile(
    start: number,
    end: number,
    percentile: number,
  ): Promise<Record<Color, number | null>> {
    const { from, periodSeconds } = wholeWindow(start, end);
    const stat = `p${percentile}`;
    const queries: MetricQuery[] = this.arms().map(([c, dims]) => ({
      id: `${c}pct`,
      name: "TargetResponseTime",
      stat,
      dims,
    }));
    const values = await getMetricData(this.cw, queries, from, from + periodSeconds * 1000, periodSeconds);
    const one = (c: string): number | null => {
      const v = windowValue(values, `${c}pct`, from);
      return v === undefined ? null : v * 1000;
    };
    return { blue: one("b"), green: one("g") };
  }

  /** The 4xx rate and counts per target group, and custom metrics per arm: one GetMetricData call. */
  async measure(
    start: number,
    end: number,
    specs: MeasureSpec[],
  ): Promise<Record<string, Record<Color, number | null>>> {
    const { from, periodSeconds } = wholeWindow(start, end);
    const queries = measureQueries(() => this.arms(), specs);
    const values = await getMetricData(this.cw, queries, from, from + periodSeconds * 1000, periodSeconds);
    return measured(values, from, specs);
  }
}
