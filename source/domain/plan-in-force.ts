/** The canary plan in force (steps and the dwell at each), and where each value comes from. */
import type { EnvConfig } from "./config.js";

/** Where a value in force comes from. */
export type ValueSource =
  | { from: "runbook"; line: number; text: string }
  | { from: "config"; file: string }
  | { from: "default" };

export interface PlanStep {
  /** Percent of traffic on green at this step. */
  green: number;
  /** How long to hold this step before the next one (at 100 %: how long the runbook watches). */
  dwellMinutes: number;
  stepFrom: ValueSource;
  dwellFrom: ValueSource;
}

/** The canary plan as the runbook states it, with what golive noticed about it. */
export interface RunbookCanary {
  steps: PlanStep[];
  /** E.g. the runbook states two different plans; shown at `new` and by `status`. */
  warnings: { line: number; message: string }[];
}

export const DEFAULT_STEPS = [10, 50, 100];

export const DEFAULT_DWELL_MINUTES = 10;

export function defaultCanary(): RunbookCanary {
  return {
    steps: DEFAULT_STEPS.map((green) => ({
      green,
      dwellMinutes: DEFAULT_DWELL_MINUTES,
      stepFrom: { from: "default" },
      dwellFrom: { from: "default" },
    })),
    warnings: [],
  };
}

type ConfigCanary = Pick<EnvConfig["canary"], "steps" | "dwellMinutes">;

/** The plan in force: the config's steps and dwell where it sets them, the runbook's otherwise. */
export function planInForce(rb: RunbookCanary, config?: ConfigCanary, configFile = "config"): PlanStep[] {
  const cfg: ValueSource = { from: "config", file: configFile };
  const steps = config?.steps
    ? config.steps.map((green) => {
        // The runbook's dwell for the same step still applies when only the steps are overridden.
        const same = rb.steps.find((s) => s.green === green);
        const uniform = rb.steps.every((s) => s.dwellMinutes === rb.steps[0]?.dwellMinutes)
          ? rb.steps[0]
          : undefined;
        const dwell = same ?? uniform;
        return {
          green,
          dwellMinutes: dwell?.dwellMinutes ?? DEFAULT_DWELL_MINUTES,
          stepFrom: cfg,
          dwellFrom: dwell?.dwellFrom ?? ({ from: "default" } as ValueSource),
        };
      })
    : rb.steps.map((s) => ({ ...s }));
  if (config?.dwellMinutes !== undefined)
    for (const s of steps) {
      s.dwellMinutes = config.dwellMinutes;
      s.dwellFrom = cfg;
    }
  return steps;
}
