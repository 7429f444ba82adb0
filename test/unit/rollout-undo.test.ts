/**
 * Which revision a Kubernetes rollback goes back to (domain/rollout-undo.ts), in memory: the newest
 * before the current one, the one asked for, or the one the session recorded — never "the previous
 * revision" a second time, which after one undo is the bad release again.
 */
import { describe, expect, it } from "vitest";
import { DeploymentChanged } from "../../source/domain/rollout-port.js";
import {
  newestWithImages,
  recordedUndoTarget,
  sameImages,
  undoTarget,
} from "../../source/domain/rollout-undo.js";
import type { RevisionView, RolloutView } from "../../source/domain/rollout-views.js";

const rev = (revision: number, images: string[]): RevisionView => ({
  revision,
  replicaSet: `web-${revision}`,
  images,
  desired: 0,
  ready: 0,
});
/** Revisions listed out of order, as the API may return them; `revision` is the current one. */
const view = (revision: number | null, revisions: RevisionView[]) =>
  ({ deployment: "web", revision, revisions }) as unknown as RolloutView;

const V1 = ["web:1", "sidecar:1"];
const V2 = ["web:2", "sidecar:1"];
const V3 = ["web:3", "sidecar:1"];

describe("undoTarget", () => {
  const v = view(3, [rev(1, V1), rev(3, V3), rev(2, V2)]);

  it("goes back to the newest revision before the current one, not the oldest", () => {
    expect(undoTarget(v)).toMatchObject({ revision: 2, replicaSet: "web-2" });
    // The current one is not the newest number (after an undo, 4 runs what 2 ran).
    expect(undoTarget(view(2, [rev(1, V1), rev(2, V2), rev(3, V3)]))).toMatchObject({ revision: 3 });
  });

  it("a revision asked for: that one, unless it is missing or the current one", () => {
    expect(undoTarget(v, 1)).toMatchObject({ revision: 1 });
    expect(undoTarget(v, 7)).toEqual({ error: "revision 7 of web not found (have 1, 3, 2)" });
    expect(undoTarget(v, 3)).toEqual({ error: "revision 3 is the current one: nothing to undo" });
  });

  it("a Deployment with one revision has nothing to go back to", () => {
    expect(undoTarget(view(1, [rev(1, V1)]))).toEqual({
      error: "web has no previous revision to go back to",
    });
  });
});

describe("recordedUndoTarget", () => {
  it("goes to the newest revision running the recorded images, whatever its number", () => {
    // After one undo (4 runs V2 again), the recorded target V1 is revision 1, not "the previous" 3.
    const v = view(4, [rev(1, V1), rev(3, V3), rev(4, V2)]);
    expect(recordedUndoTarget(v, { revision: 1, images: V1 })).toMatchObject({ revision: 1 });
    const twice = view(4, [rev(1, V1), rev(6, V1), rev(4, V2)]);
    expect(recordedUndoTarget(twice, { images: V1 })).toMatchObject({ revision: 6 });
  });

  it("a Deployment whose current revision is not among those read still goes to the recorded images", () => {
    // revision null: read before the controller numbered it, or its ReplicaSet already gone.
    const v = view(null, [rev(1, V1), rev(2, V2)]);
    expect(recordedUndoTarget(v, { images: V1 })).toMatchObject({ revision: 1 });
  });

  it("already on the recorded images: nothing to undo (a second undo would go forward again)", () => {
    const v = view(4, [rev(2, V2), rev(3, V3), rev(4, V2)]);
    expect(recordedUndoTarget(v, { revision: 2, images: V2 })).toEqual({
      error:
        "web already runs web:2, sidecar:1, the rollback target this session recorded: nothing to undo (a second undo would go forward again; --to-revision N picks one)",
    });
  });

  it("no revision runs them any more: said, with the revisions there are", () => {
    const v = view(3, [rev(2, V2), rev(3, V3)]);
    expect(recordedUndoTarget(v, { images: V1 })).toEqual({
      error:
        "no revision of web runs web:1, sidecar:1 (the rollback target this session recorded) any more (revisions 2, 3); --to-revision N picks one",
    });
  });
});

describe("sameImages", () => {
  it("the same images in the same order, and nothing is the same as a missing list", () => {
    expect(sameImages(V1, [...V1])).toBe(true);
    expect(sameImages(V1, ["sidecar:1", "web:1"])).toBe(false);
    expect(sameImages(V1, ["web:1"])).toBe(false);
    expect(sameImages(["web:1"], V1)).toBe(false);
    expect(sameImages(undefined, V1)).toBe(false);
    expect(sameImages(V1, undefined)).toBe(false);
    expect(sameImages([], [])).toBe(true);
  });

  it("newestWithImages: the highest revision with exactly those images, or none", () => {
    const v = view(5, [rev(1, V1), rev(4, V1), rev(5, V2), rev(2, V1)]);
    expect(newestWithImages(v, V1)?.revision).toBe(4);
    expect(newestWithImages(v, V3)).toBeUndefined();
  });
});

describe("DeploymentChanged", () => {
  it("says nothing was applied, with the generation now when it is known", () => {
    expect(new DeploymentChanged(7).message).toBe(
      "the Deployment changed since it was read (now generation 7): nothing was applied",
    );
    expect(new DeploymentChanged().message).toBe(
      "the Deployment changed since it was read: nothing was applied",
    );
    expect(new DeploymentChanged(0).message).toContain("(now generation 0)");
  });
});
