/**
 * The live canary verdict is asked for on every tick of the cockpit's clock; between polls and
 * events it is answered from what the last call built. A period that settles with time alone (no new
 * poll, no event) still reaches the verdict at once: the answer is the same only while the number of
 * settled periods is.
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import { liveVerdict } from "../../source/engine/periods.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

describe("liveVerdict between polls", () => {
  it("follows periods that settle by the clock alone, and answers the same while none does", async () => {
    const { store } = await newSeedSession(tempDir("tests-live-verdict-"));
    const weights = { blue: 90, green: 10 };
    await store.append(
      "traffic.shift.confirmed",
      { kind: "promote", weights, tookMs: 1, attempts: 1 },
      "ann",
    );
    const since = Date.parse(store.state.weightsSince!);
    const points = Array.from({ length: 5 }, (_, k) => ({
      t: since + k * 60_000,
      requests: 1000,
      errors: 2,
      p95Ms: 30,
    }));
    const snapshot = { blue: { series: points }, green: { series: points } };
    let now = since + 2 * 60_000 + 30_000;
    const d = { recorder: store, clock: { now: () => now, sleep: async () => {} }, config: {} as EnvConfig };
    const m = { periodMs: 60_000, settleMs: 30_000, snapshot };
    const two = liveVerdict(d, m);
    expect(two?.at).toBe(since + 2 * 60_000);
    now += 10_000;
    expect(liveVerdict(d, m)).toBe(two);
    now += 50_000;
    expect(liveVerdict(d, m)?.at).toBe(since + 3 * 60_000);
    await store.close();
  });
});
