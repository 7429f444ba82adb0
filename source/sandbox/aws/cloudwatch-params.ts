/** CloudWatch request parameters validated as CloudWatch does, and its period bucketing. */
import type { Datapoint, World } from "../world.js";
import { AwsError, parseTimestamp } from "./protocol.js";

export type Params = Record<string, unknown>;

export function dims(v: unknown): { Name: string; Value: string }[] {
  if (!Array.isArray(v)) return [];
  return v.map((d: Params, i) => {
    if (typeof d?.Name !== "string")
      throw new AwsError(
        "InvalidParameterValue",
        `The parameter Dimensions.member.${i + 1}.Name is required.`,
      );
    return { Name: d.Name, Value: d.Value === undefined ? "" : String(d.Value) };
  });
}

export function period(v: unknown, name = "Period"): number {
  const n = Number(v);
  if (v === undefined || v === "")
    throw new AwsError("MissingParameter", `The parameter ${name} is required.`);
  if (!Number.isInteger(n) || n < 1 || (n >= 60 && n % 60 !== 0) || (n < 60 && ![1, 5, 10, 30].includes(n))) {
    throw new AwsError("InvalidParameterValue", `The parameter ${name} must be a multiple of 60.`);
  }
  return Math.max(n, 60) * 1000;
}

export function range(p: Params): { start: number; end: number } {
  if (p.StartTime === undefined)
    throw new AwsError("MissingParameter", "The parameter StartTime is required.");
  if (p.EndTime === undefined) throw new AwsError("MissingParameter", "The parameter EndTime is required.");
  const start = parseTimestamp(p.StartTime, "StartTime");
  const end = parseTimestamp(p.EndTime, "EndTime");
  if (end <= start)
    throw new AwsError(
      "InvalidParameterValue",
      "The parameter StartTime must be less than the parameter EndTime.",
    );
  return { start, end };
}

/**
 * Buckets of `periodMs` aligned like CloudWatch does: it rounds the start down to the whole minute
 * (for recent data) and counts periods from there, so a 15-minute window asked from 12:20 is one
 * datapoint at 12:20. Each bucket holds the 60 s datapoints inside it.
 */
export function bucketed(
  world: World,
  key: string,
  start: number,
  end: number,
  periodMs: number,
): Map<number, Datapoint[]> {
  world.advance();
  const out = new Map<number, Datapoint[]>();
  const origin = Math.floor(start / 60000) * 60000;
  for (const [t, point] of world.cw.visiblePoints(key, origin, end)) {
    const b = origin + Math.floor((t - origin) / periodMs) * periodMs;
    const arr = out.get(b) ?? [];
    arr.push(point);
    out.set(b, arr);
  }
  return out;
}
