/**
 * The plain path's long trials (npm test runs them small: test/unit/runbook-plain-markdown.test.ts):
 * 600 generated documents and the 10,000-item runbook, each against micromark's tree.
 */
import { expect, it } from "vitest";
import { plainPathOnGenerated, plainPathOnLarge } from "../helpers/plain-markdown.js";

it("the plain path gives micromark's tree for 600 generated documents", () => {
  expect(plainPathOnGenerated(600)).toBeGreaterThan(40);
});

it("the plain path builds the 10,000-item runbook alone, the same tree and runbook as micromark", () => {
  plainPathOnLarge(10_000);
});
