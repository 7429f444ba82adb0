/** An arm's fleet in one line, as the cockpit and `status` show it. */
import type { FleetArm } from "./fleet.js";

const ORDER = ["healthy", "draining", "initial", "unhealthy", "unused", "unavailable"];

/**
 * One line for an arm: "targets 2 draining, 1 healthy · tasks 3 running / 0 desired". Draining
 * comes first while there is any: it is what a lead watches during a scale-down.
 */
export function fleetText(a: FleetArm | undefined): string {
  if (!a) return "targets –";
  const t = a.targets;
  const states = t
    ? Object.entries(t.byState).sort(
        ([x], [y]) =>
          (x === "draining" ? -1 : ORDER.indexOf(x) >>> 0) - (y === "draining" ? -1 : ORDER.indexOf(y) >>> 0),
      )
    : [];
  const targets = !t
    ? "targets ?"
    : t.total === 0
      ? "targets none registered"
      : `targets ${states.map(([s, n]) => `${n} ${s}`).join(", ")}`;
  const s = a.service;
  const tasks = s
    ? ` · tasks ${s.running} running / ${s.desired} desired${s.pending ? `, ${s.pending} pending` : ""}`
    : "";
  return `${targets}${tasks}${a.error ? ` (read failed: ${a.error})` : ""}`;
}
