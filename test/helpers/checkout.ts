/**
 * Another team's runbook (test/fixtures/checkout-rollout.md) and the config part that binds its own
 * metric, CheckoutErrors, which the application publishes per arm with PutMetricData.
 */
import { join } from "node:path";
import type { EnvConfig } from "../../source/domain/config.js";
import { ROOT } from "./paths.js";

export const CHECKOUT = join(ROOT, "test/fixtures/checkout-rollout.md");

export const CUSTOM = {
  name: "CheckoutErrors",
  namespace: "Payments/Checkout",
  metric: "CheckoutErrors",
  stat: "Sum",
  dimensions: { blue: { Service: "checkout-blue" }, green: { Service: "checkout-green" } },
};

export const withCustom = (c: EnvConfig): EnvConfig => ({
  ...c,
  metrics: { ...c.metrics, custom: [CUSTOM] },
});
