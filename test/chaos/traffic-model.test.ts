import { it } from "vitest";
import { runModel } from "../model/run.js";

it("traffic engine model: 20,000 sequences (TRAFFIC_MODEL_RUNS to change)", async () => {
  await runModel(20_000, 14);
}, 3_600_000);
