import { it } from "vitest";
import { runModel } from "../model/run.js";

// Issue 12's model-based test with issue 18's interleavings; `npm run chaos` runs 20,000.
it("traffic engine model: invariants hold over random sequences against the sandbox", async () => {
  await runModel(1000, 8);
}, 180_000);
