import type { PlanStep } from "../../source/domain/plan-in-force.js";

/** A plan's steps as [green, dwell minutes, step line, dwell line], a value's source for a default. */
export const planRows = (steps: PlanStep[]) =>
  steps.map((s) => [
    s.green,
    s.dwellMinutes,
    s.stepFrom.from === "runbook" ? s.stepFrom.line : s.stepFrom.from,
    s.dwellFrom.from === "runbook" ? s.dwellFrom.line : s.dwellFrom.from,
  ]);
