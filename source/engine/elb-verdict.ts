import type { LoadBalancerPoint, PeriodPoint } from "../domain/ports.js";

/**
 * The load balancer's 5XX judged against green: while green takes traffic, every 5XX the ALB made
 * itself is counted against green (the rollout is what changed; failing safe); otherwise against
 * all requests.
 */
export function elbVerdict(
  lb: LoadBalancerPoint,
  green?: PeriodPoint,
): { rate: number | null; text: string } {
  const all = (100 * lb.elb5xx) / lb.requests;
  const base = `load balancer 5XX ${lb.elb5xx} of ${lb.requests} requests (${all.toFixed(2)} %, 502/504 the ALB answered itself)`;
  if (green && green.requests > 0) {
    const rate = Math.min(100, (100 * lb.elb5xx) / green.requests);
    return { rate, text: `${base}: ${rate.toFixed(2)} % of green's ${green.requests}` };
  }
  return { rate: all, text: base };
}
