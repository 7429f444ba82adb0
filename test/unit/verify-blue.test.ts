/**
 * engine/verify-blue.ts with its ports handed in: what a rollback's verification says about blue
 * (target health, its health URL) and how "AWS still shows …" is worded.
 */
import { describe, expect, it } from "vitest";
import type { TrafficPort } from "../../source/domain/ports.js";
import { notShown, verifyBlue } from "../../source/engine/verify-blue.js";

function deps(o: {
  healthy?: number;
  total?: number;
  fail?: string;
  url?: string;
  probe?: { status: number | null; ok: boolean; error?: string };
}) {
  const probed: unknown[] = [];
  return {
    probed,
    d: {
      health: {
        targets: async (color: string) => {
          expect(color).toBe("blue");
          if (o.fail) throw new Error(o.fail);
          return { healthy: o.healthy ?? 0, total: o.total ?? 0, states: [] };
        },
      },
      probe: {
        probe: async (url: string, timeoutMs: number) => {
          probed.push({ url, timeoutMs });
          return { url, ms: 1, ...(o.probe ?? { status: 200, ok: true }) };
        },
      },
      config: { health: { blue: o.url, timeoutMs: 1234 } } as never,
    },
  };
}

describe("verifyBlue", () => {
  it("every blue target healthy and no health URL: healthy", async () => {
    const { d, probed } = deps({ healthy: 3, total: 3 });
    expect(await verifyBlue(d)).toEqual({
      blueHealthy: true,
      healthUrl: undefined,
      detail: "blue targets 3/3 healthy",
    });
    expect(probed).toEqual([]);
  });

  it("one target not healthy, or no targets at all: not healthy", async () => {
    expect(await verifyBlue(deps({ healthy: 2, total: 3 }).d)).toMatchObject({
      blueHealthy: false,
      detail: "blue targets 2/3 healthy",
    });
    expect(await verifyBlue(deps({ healthy: 0, total: 0 }).d)).toMatchObject({
      blueHealthy: false,
      detail: "blue targets 0/0 healthy",
    });
  });

  it("target health unreadable: not healthy, the reason said", async () => {
    expect(await verifyBlue(deps({ fail: "Throttling" }).d)).toEqual({
      blueHealthy: false,
      healthUrl: undefined,
      detail: "blue target health unknown (Throttling)",
    });
  });

  it("the health URL probed with the configured timeout: its status joins the detail and the verdict", async () => {
    const ok = deps({ healthy: 2, total: 2, url: "http://blue/health" });
    expect(await verifyBlue(ok.d)).toEqual({
      blueHealthy: true,
      healthUrl: { url: "http://blue/health", status: 200, ok: true },
      detail: "blue targets 2/2 healthy; http://blue/health → 200",
    });
    expect(ok.probed).toEqual([{ url: "http://blue/health", timeoutMs: 1234 }]);
    const bad = deps({ healthy: 2, total: 2, url: "http://blue/health", probe: { status: 503, ok: false } });
    expect(await verifyBlue(bad.d)).toMatchObject({
      blueHealthy: false,
      detail: "blue targets 2/2 healthy; http://blue/health → 503",
    });
    const none = deps({
      healthy: 2,
      total: 2,
      url: "http://blue/health",
      probe: { status: null, ok: false, error: "timeout" },
    });
    expect(await verifyBlue(none.d)).toMatchObject({
      blueHealthy: false,
      healthUrl: { url: "http://blue/health", status: null, ok: false },
      detail: "blue targets 2/2 healthy; http://blue/health → timeout",
    });
  });
});

describe("notShown", () => {
  const traffic = (lag?: TrafficPort["lag"]) => ({ lag }) as TrafficPort;

  it("what AWS still shows, after how long", async () => {
    expect(await notShown(traffic(), { blue: 90, green: 10 }, 30, 0)).toBe(
      "AWS still shows blue 90 / green 10 after 30 s",
    );
  });

  it("with what the controller in between says, asked from when the write was sent", async () => {
    const asked: number[] = [];
    const t = traffic(async (since) => {
      asked.push(since);
      return "the ALB controller has not reconciled the Ingress yet";
    });
    expect(await notShown(t, { blue: 100, green: 0 }, 5, 42)).toBe(
      "AWS still shows blue 100 / green 0 after 5 s: the ALB controller has not reconciled the Ingress yet",
    );
    expect(asked).toEqual([42]);
    const failing = traffic(async () => {
      throw new Error("403 Forbidden");
    });
    expect(await notShown(failing, { blue: 100, green: 0 }, 5, 0)).toBe(
      "AWS still shows blue 100 / green 0 after 5 s: the controller could not be asked: 403 Forbidden",
    );
  });
});
