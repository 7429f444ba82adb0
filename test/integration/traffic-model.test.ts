import { it } from "vitest";
import { runModel } from "../model/run.js";

// Issue 12's model-based test with issue 18's interleavings: 250 sequences here, the long trial in
// `npm run chaos` (20,000, test/chaos/traffic-model.test.ts).
it("traffic engine model: invariants hold over random sequences against the sandbox", async () => {
  await runModel(250, 8);
}, 180_000);
