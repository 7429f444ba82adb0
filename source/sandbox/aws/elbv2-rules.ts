/** The listener rules above the default action: kept beside the world, added by the API or by a data-plane fault. */
import type { ListenerAction, World } from "../world.js";

/** Listener rules above the default action (CreateRule/DeleteRule), kept beside the world. */
export interface ListenerRule {
  arn: string;
  priority: number;
  conditions: Record<string, unknown>[];
  actions: ListenerAction[];
}
const rulesOf = new WeakMap<World, ListenerRule[]>();
export function rules(world: World): ListenerRule[] {
  const r = rulesOf.get(world) ?? [];
  rulesOf.set(world, r);
  return r;
}

/** A rule someone else added (a data-plane fault): at the lowest free priority; its ARN. */
export function addRule(
  world: World,
  conditions: Record<string, unknown>[],
  actions: ListenerAction[],
): string {
  const all = rules(world);
  let priority = 1;
  while (all.some((x) => x.priority === priority)) priority++;
  const arn = `${world.alb.listener.arn.replace(":listener/", ":listener-rule/")}/${priority.toString(16).padStart(16, "0")}`;
  all.push({ arn, priority, conditions, actions });
  return arn;
}

/** Removes a rule by ARN (what `clear` does to the rules a data-plane fault added); false if absent. */
export function removeRule(world: World, arn: string): boolean {
  const all = rules(world);
  const i = all.findIndex((x) => x.arn === arn);
  if (i >= 0) all.splice(i, 1);
  return i >= 0;
}
