/**
 * session/anchor.ts's verdict over anchor versions as S3 lists them: what counts as evidence (a
 * compliance lock still in force), and where a record departs from it.
 */
import { describe, expect, it } from "vitest";
import { validateEnvConfig } from "../../source/domain/config.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { iamPolicy, policyActions } from "../../source/domain/iam.js";
import { type AnchorVersion, anchorBody, checkAnchors } from "../../source/session/anchor.js";
import { minimalConfig } from "../helpers/env-config.js";

const NOW = Date.parse("2026-11-23T13:00:00Z");
const events = (n: number, salt = "") =>
  Array.from(
    { length: n },
    (_, i) =>
      ({ seq: i + 1, hash: `${salt}${String(i + 1).padStart(4, "0")}`.padEnd(64, "a") }) as SessionEvent,
  );

function version(evs: SessionEvent[], over: Partial<AnchorVersion> = {}, session = "s1"): AnchorVersion {
  return {
    versionId: `v${evs.length}`,
    lockMode: "COMPLIANCE",
    retainUntil: new Date(NOW + 86_400_000),
    body: JSON.stringify(anchorBody(session, evs, "Ann", "ann", "sign-off", NOW)),
    ...over,
  };
}

describe("checkAnchors", () => {
  it("passes a record that holds every locked anchor's head, and says how many", () => {
    const evs = events(6);
    const v = checkAnchors("s1", evs, [version(evs.slice(0, 5)), version(evs)], "s3://b/k", NOW);
    expect(v).toMatchObject({ ok: true, locked: 2 });
    expect(v.text).toContain("matches 2 locked anchors at s3://b/k (head #6");
  });

  it("only a compliance lock in force is evidence: unlocked, governance and expired versions are listed and ignored", () => {
    const evs = events(3);
    const v = checkAnchors(
      "s1",
      evs,
      [
        version(evs, { lockMode: undefined }),
        version(evs, { lockMode: "GOVERNANCE" }),
        version(evs, { retainUntil: new Date(NOW - 1) }),
      ],
      "s3://b/k",
      NOW,
    );
    expect(v.ok).toBe(false);
    expect(v.text).toContain("holds no anchor under a compliance lock: no evidence");
    expect(v.ignored).toHaveLength(3);
    expect(v.ignored.join("\n")).toMatch(/no lock[\s\S]*GOVERNANCE[\s\S]*retention ended/);
  });

  it("a re-chained edit is placed at the edited event, even by an anchor of a later head", () => {
    const real = events(5);
    const forged = [...real.slice(0, 2), ...events(5, "f").slice(2)];
    const v = checkAnchors("s1", forged, [version(real)], "s3://b/k", NOW);
    expect(v).toMatchObject({ ok: false, seq: 3 });
    expect(v.text).toContain("event #3 is not the event the anchor of event #5");
  });

  it("a later forged anchor does not outvote an earlier locked one", () => {
    const real = events(4);
    const forged = [...real.slice(0, 1), ...events(5, "f").slice(1)];
    const v = checkAnchors("s1", forged, [version(real), version(forged)], "s3://b/k", NOW);
    expect(v).toMatchObject({ ok: false, seq: 2 });
  });

  it("cut from the end, events after the last anchor, another session's anchor: each fails and says so", () => {
    const evs = events(5);
    const cut = checkAnchors("s1", evs.slice(0, 4), [version(evs)], "s3://b/k", NOW);
    expect(cut.text).toContain("event #5 was cut from the end");
    const after = checkAnchors("s1", events(7), [version(evs)], "s3://b/k", NOW);
    expect(after).toMatchObject({ ok: false, seq: 6 });
    expect(after.text).toContain("events #6–#7 were recorded after the last anchored head (#5)");
    const other = checkAnchors("s1", evs, [version(evs, {}, "s2")], "s3://b/k", NOW);
    expect(other.text).toContain('anchors session "s2", but this record is session "s1"');
    const junk = checkAnchors("s1", evs, [version(evs, { body: "{" })], "s3://b/k", NOW);
    expect(junk.text).toContain("is not a golive anchor (not JSON)");
  });
});

describe("the anchor's IAM policy", () => {
  it("only with an anchor configured: writes and reads under its prefix, lists versions, reads the lock; never deletes", () => {
    const without = validateEnvConfig(minimalConfig());
    if (!without.ok) throw new Error(without.problems.join("; "));
    expect(policyActions(iamPolicy(without.config)).filter((a) => a.startsWith("s3:"))).toEqual([]);
    const v = validateEnvConfig({
      ...minimalConfig(),
      anchor: { s3: "s3://records/golive/", retentionDays: 30 },
    });
    if (!v.ok) throw new Error(v.problems.join("; "));
    const p = iamPolicy(v.config) as { Statement: { Sid: string; Action: string[]; Resource: string[] }[] };
    const objects = p.Statement.find((s) => s.Sid === "GoliveAnchorObjects")!;
    expect(objects.Resource).toEqual(["arn:aws:s3:::records/golive/*"]);
    expect(p.Statement.find((s) => s.Sid === "GoliveAnchorBucket")!.Resource).toEqual([
      "arn:aws:s3:::records",
    ]);
    expect(policyActions(p).filter((a) => /Delete|Bypass/.test(a))).toEqual([]);
  });
});
