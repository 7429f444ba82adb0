/**
 * A Deployment's rollout judged as `kubectl rollout status` would, with the cause a person needs:
 * each state on its own, which pods count as trouble (the current revision's, with a reason that
 * waiting will not cure), and the words of each summary.
 */
import { describe, expect, it } from "vitest";
import { judgeRollout } from "../../source/domain/rollout.js";
import type { PodView, RolloutView } from "../../source/domain/rollout-views.js";

const pod = (name: string, revision: number | null, reason: string | null, restarts = 0): PodView => ({
  name,
  revision,
  phase: "Running",
  ready: reason === null,
  restarts,
  reason,
  node: "n1",
});

/** Rolled out: revision 2, three replicas, all updated and available, no old ones left. */
function view(over: Partial<RolloutView> = {}): RolloutView {
  return {
    namespace: "shop",
    deployment: "web",
    readAt: 0,
    generation: 4,
    observedGeneration: 4,
    paused: false,
    desired: 3,
    updated: 3,
    ready: 3,
    available: 3,
    total: 3,
    conditions: [{ type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "" }],
    revision: 2,
    revisions: [],
    pods: [pod("web-2-a", 2, null), pod("web-2-b", 2, null), pod("web-2-c", 2, null)],
    warnings: [],
    nodes: { ready: 3, total: 3 },
    ...over,
  };
}

const deadline = {
  type: "Progressing",
  status: "False",
  reason: "ProgressDeadlineExceeded",
  message: "",
};

describe("judgeRollout", () => {
  it("complete, with its revision (or ? when none is known)", () => {
    expect(judgeRollout(view())).toEqual({
      state: "complete",
      summary: 'deployment "web" successfully rolled out (revision 2)',
      causes: [],
    });
    expect(judgeRollout(view({ revision: null })).summary).toBe(
      'deployment "web" successfully rolled out (revision ?)',
    );
  });

  it("each way of still progressing, in kubectl's words", () => {
    expect(judgeRollout(view({ observedGeneration: 3 }))).toEqual({
      state: "progressing",
      summary: 'waiting for deployment "web" spec update to be observed',
      causes: [],
    });
    expect(judgeRollout(view({ updated: 1 })).summary).toBe('deployment "web": 1 of 3 new replicas updated…');
    expect(judgeRollout(view({ total: 5 })).summary).toBe(
      'deployment "web": 2 old replicas pending termination…',
    );
    expect(judgeRollout(view({ available: 2 })).summary).toBe(
      'deployment "web": 2 of 3 updated replicas available…',
    );
    expect(judgeRollout(view({ available: 2 })).state).toBe("progressing");
  });

  it("paused, with the command that resumes it", () => {
    expect(judgeRollout(view({ paused: true, updated: 1 }))).toEqual({
      state: "paused",
      summary: 'deployment "web" is paused (kubectl rollout resume)',
      causes: [],
    });
  });

  it("stalled: the current revision's pods with a fatal reason, with their restarts", () => {
    const v = view({
      updated: 2,
      available: 1,
      pods: [
        pod("web-2-a", 2, null),
        pod("web-2-b", 2, "CrashLoopBackOff", 7),
        pod("web-2-c", 2, "OOMKilled", 1),
        pod("web-2-d", 2, "ImagePullBackOff"),
      ],
    });
    expect(judgeRollout(v)).toEqual({
      state: "stalled",
      summary: 'deployment "web": 2 of 3 new replicas updated; new pods CrashLoopBackOff',
      causes: [
        "web-2-b: CrashLoopBackOff (7 restarts)",
        "web-2-c: OOMKilled (1 restart)",
        "web-2-d: ImagePullBackOff",
      ],
    });
  });

  it("an old revision's crashing pod, or a reason waiting cures, is no cause", () => {
    const v = view({
      total: 4,
      pods: [
        pod("web-1-a", 1, "CrashLoopBackOff", 3),
        pod("web-2-a", 2, "ContainerCreating"),
        pod("web-2-b", 2, null),
      ],
    });
    expect(judgeRollout(v)).toEqual({
      state: "progressing",
      summary: 'deployment "web": 1 old replicas pending termination…',
      causes: [],
    });
  });

  it("failed past its progress deadline, naming the first cause when there is one", () => {
    const conditions = [view().conditions[0]!, deadline];
    expect(judgeRollout(view({ conditions, paused: true }))).toEqual({
      state: "failed",
      summary: 'deployment "web" exceeded its progress deadline',
      causes: [],
    });
    expect(
      judgeRollout(view({ conditions, updated: 1, pods: [pod("web-2-a", 2, "ErrImagePull", 0)] })),
    ).toEqual({
      state: "failed",
      summary: 'deployment "web" exceeded its progress deadline: ErrImagePull',
      causes: ["web-2-a: ErrImagePull"],
    });
    // Another condition with that reason is not the Progressing one.
    expect(judgeRollout(view({ conditions: [{ ...deadline, type: "Available" }] })).state).toBe("complete");
  });
});
