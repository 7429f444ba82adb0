import type { SessionEvent } from "../../source/domain/events.js";
import { weightsOf } from "../../source/sandbox/world.js";
import type { EngineRig } from "./engine.js";

/** Blue's and green's shares as the sandbox (AWS) holds them, in percent. */
export function onAws(rig: EngineRig): { blue: number; green: number } {
  const w = weightsOf(rig.sb.world.alb.listener.actions);
  const pct = (arn: string) => Math.round((w.get(arn) ?? 0) * 1000) / 10;
  return { blue: pct(rig.config.alb.blueTargetGroupArn), green: pct(rig.config.alb.greenTargetGroupArn) };
}
export const modifies = (rig: EngineRig) =>
  rig.sb.world.log.filter((e) => e.operation === "ModifyListener" && !e.error);
export const of = (rig: EngineRig, type: string) =>
  rig.store.events.filter((e) => e.type === type) as SessionEvent[];
export const observed = (rig: EngineRig) =>
  of(rig, "traffic.observed").map((e) => (e.data as { observation: string }).observation);

export function forward(rig: EngineRig, blue: number | undefined, green?: number) {
  const { blueTargetGroupArn: B, greenTargetGroupArn: G } = rig.config.alb;
  const tgs = [
    { TargetGroupArn: B, Weight: blue },
    ...(green === undefined ? [] : [{ TargetGroupArn: G, Weight: green }]),
  ];
  return {
    Type: "forward",
    ForwardConfig: { TargetGroups: tgs, TargetGroupStickinessConfig: { Enabled: false } },
  };
}
