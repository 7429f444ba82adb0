/**
 * engine/traffic-record.ts with a recorder handed in: where each kind of record goes when the
 * session refuses it (a promote's failure is the promote's; a rollback's and an engine side
 * effect's go to the fallback file), and the words an AWS error is reported in.
 */
import { describe, expect, it } from "vitest";
import { attemptsOf, describeAwsError, TrafficRecords } from "../../source/engine/traffic-record.js";

function rig(o: { refuse?: boolean; fallback?: boolean } = {}) {
  const appended: unknown[] = [];
  const fellBack: unknown[] = [];
  const state = { id: "s" } as never;
  const recorder = {
    state,
    append: async (type: string, data: unknown, by: string) => {
      if (o.refuse) throw new Error("ENOSPC: no space left on device");
      appended.push({ type, data, by });
      return { type, data, by } as never;
    },
  };
  const records = new TrafficRecords({
    recorder: recorder as never,
    clock: { now: () => Date.UTC(2026, 11, 3, 10, 0, 0), sleep: async () => {} },
    fallback:
      o.fallback === false
        ? undefined
        : async (e) => {
            fellBack.push(e);
            return "/s/fallback.jsonl";
          },
  });
  return { records, appended, fellBack, state };
}

const data = { kind: "promote", from: undefined, to: { blue: 90, green: 10 } } as never;

describe("TrafficRecords", () => {
  it("appends to the session and reads its state", async () => {
    const { records, appended, state } = rig();
    expect(records.state).toBe(state);
    await records.append("traffic.shift.requested", data, "Ann");
    expect(await records.orFallback("traffic.shift.requested", data, "Ann", "rollback")).toBeUndefined();
    await records.record("traffic.shift.requested", data, "Ann");
    expect(appended).toEqual([
      { type: "traffic.shift.requested", data, by: "Ann" },
      { type: "traffic.shift.requested", data, by: "Ann" },
      { type: "traffic.shift.requested", data, by: "Ann" },
    ]);
  });

  it("a promote's record the session refuses fails the promote; nothing goes to the fallback", async () => {
    const { records, fellBack } = rig({ refuse: true });
    await expect(records.orFallback("traffic.shift.requested", data, "Ann", "promote")).rejects.toThrow(
      "ENOSPC",
    );
    expect(fellBack).toEqual([]);
  });

  it("a rollback's (or scale-blue's) goes to the fallback file with the reason, and the file is returned", async () => {
    for (const kind of ["rollback", "auto-rollback", "scale-blue"] as const) {
      const { records, fellBack } = rig({ refuse: true });
      expect(await records.orFallback("traffic.shift.requested", data, "Bob", kind)).toBe(
        "/s/fallback.jsonl",
      );
      expect(fellBack).toEqual([
        {
          type: "traffic.shift.requested",
          data: { ...(data as object), recordError: "ENOSPC: no space left on device" },
          by: "Bob",
          at: "2026-12-03T10:00:00.000Z",
        },
      ]);
    }
  });

  it("with no fallback location the refusal says so", async () => {
    const { records } = rig({ refuse: true, fallback: false });
    await expect(records.orFallback("traffic.shift.requested", data, "Bob", "rollback")).rejects.toThrow(
      "could not record traffic.shift.requested and no fallback location is configured",
    );
    // An engine side effect never fails for it.
    await expect(records.record("traffic.shift.requested", data, "Bob")).resolves.toBeUndefined();
  });

  it("an engine side effect the session refuses goes to the fallback with the reason", async () => {
    const { records, fellBack, appended } = rig({ refuse: true });
    await records.record("traffic.shift.requested", data, "Bob");
    expect(appended).toEqual([]);
    expect(fellBack).toEqual([
      expect.objectContaining({
        by: "Bob",
        data: expect.objectContaining({ recordError: "ENOSPC: no space left on device" }),
      }),
    ]);
  });
});

describe("describeAwsError, attemptsOf", () => {
  const aws = (status?: number, attempts?: number) =>
    Object.assign(new Error("Rate exceeded"), {
      name: "ThrottlingException",
      $metadata: { httpStatusCode: status, attempts },
    });

  it("names the error, its HTTP status and its attempts when known", () => {
    expect(describeAwsError(aws(400, 3))).toBe("ThrottlingException: Rate exceeded (HTTP 400, 3 attempts)");
    expect(describeAwsError(aws(503))).toBe("ThrottlingException: Rate exceeded (HTTP 503)");
    expect(describeAwsError(aws(undefined, 3))).toBe("ThrottlingException: Rate exceeded");
    expect(describeAwsError(new Error("boom"))).toBe("Error: boom");
    expect(describeAwsError({ message: "no name" })).toBe("Error: no name");
  });

  it("a refused connection in plain words", () => {
    const e = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(describeAwsError(e)).toBe("connection refused (connect ECONNREFUSED 127.0.0.1:1)");
    expect(describeAwsError(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe("Error: x");
  });

  it("attempts from the SDK's metadata, else 1", () => {
    expect(attemptsOf(aws(500, 4))).toBe(4);
    expect(attemptsOf(aws(500))).toBe(1);
    expect(attemptsOf(new Error("x"))).toBe(1);
  });
});
