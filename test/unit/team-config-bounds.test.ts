/**
 * Team mode's config block (domain/team-config.ts) at each of its edges: what a shared session's S3
 * location, lease and two-person approval may be. Each bound is one a lead can hit by a typo; the
 * schema must refuse it at `attach`, not when the second person's approval never arrives.
 */
import { describe, expect, it } from "vitest";
import { teamConfig } from "../../source/domain/team-config.js";

const s3 = { bucket: "golive-sessions" };
/** "1101" → [true, true, false, true]: which of the values before it are accepted. */
const b = (bits: string) => [...bits].map((c) => c === "1");
const ok = (team: object) => teamConfig.safeParse(team).success;
const okS3 = (extra: object) => ok({ s3: { ...s3, ...extra } });

describe("team.s3", () => {
  it("a bucket name of 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric", () => {
    const names = [
      "abc",
      "a".repeat(63),
      "my.bucket-1",
      "ab",
      "a".repeat(64),
      "My-bucket",
      "-abc",
      "abc.",
      "a_c",
    ];
    expect(names.map((bucket) => ok({ s3: { bucket } }))).toEqual(b("111000000"));
  });

  it("a key prefix of up to 200 of S3's safe characters, golive by default", () => {
    expect(teamConfig.parse({ s3 }).s3.prefix).toBe("golive");
    const prefixes = ["", "team/a-b_c.d!*'()", "x".repeat(200), "x".repeat(201), "a b", "a\\b", "a#b"];
    expect(prefixes.map((prefix) => okS3({ prefix }))).toEqual(b("1110000"));
  });

  it("an http(s) endpoint without spaces, a region like us-east-1", () => {
    const endpoints = [
      "http://127.0.0.1:5000",
      "https://s3.example.com/x",
      "ftp://x",
      "http://",
      "http://a b",
      " http://a",
    ];
    expect(endpoints.map((endpoint) => okS3({ endpoint }))).toEqual(b("110000"));
    const regions = [
      "us-east-1",
      "us-gov-west-1",
      "us-east",
      "US-east-1",
      "us-east-12",
      "xus-east-1",
      "u-east-1",
    ];
    expect(regions.map((region) => okS3({ region }))).toEqual(b("1100000"));
  });

  it("a request timeout of whole milliseconds from 100 to 60,000; nothing else in the block", () => {
    expect([100, 60_000, 99, 60_001, 150.5].map((timeoutMs) => okS3({ timeoutMs }))).toEqual(b("11000"));
    expect(okS3({ acl: "private" })).toBe(false);
    expect(ok({})).toBe(false);
  });
});

describe("team.lease and team.approval", () => {
  it("a lease of 10 s to an hour, 60 s when not given", () => {
    expect(teamConfig.parse({ s3 }).lease).toEqual({ ttl: 60 });
    expect(teamConfig.parse({ s3, lease: {} }).lease).toEqual({ ttl: 60 });
    expect([10, 3600, 9, 3601, 30.5].map((ttl) => ok({ s3, lease: { ttl } }))).toEqual(b("11000"));
    expect(ok({ s3, lease: { ttl: 60, renew: 5 } })).toBe(false);
  });

  it("at least one step of 1 to 100 %, expiring after 30 s to a day (600 s when not given)", () => {
    const approval = (a: object) => ok({ s3, approval: { steps: [50], ...a } });
    expect(teamConfig.parse({ s3, approval: { steps: [50, 100] } }).approval).toEqual({
      steps: [50, 100],
      expireSeconds: 600,
    });
    expect([[1], [100], [], [0], [101], [12.5]].map((steps) => approval({ steps }))).toEqual(b("110000"));
    expect([30, 86_400, 29, 86_401, 60.5].map((expireSeconds) => approval({ expireSeconds }))).toEqual(
      b("11000"),
    );
    expect(teamConfig.parse({ s3 }).approval).toBeUndefined();
  });

  it("STS asked at an http(s) endpoint in a region, and nothing else; no unknown approval field", () => {
    const sts = (o: object) => ok({ s3, approval: { steps: [50], sts: o } });
    expect([{}, { endpoint: "http://127.0.0.1:5000", region: "eu-west-2" }].map(sts)).toEqual(b("11"));
    expect([{ endpoint: "sts" }, { region: "moon" }, { role: "x" }].map(sts)).toEqual(b("000"));
    expect(ok({ s3, approval: { steps: [50], quorum: 2 } })).toBe(false);
    expect(ok({ s3, colour: "blue" })).toBe(false);
  });
});
