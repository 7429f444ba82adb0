/**
 * A team link takes up its bastion's lead lease at the first exchange S3 answers, however busy the
 * sharing is. It used to wait for the first share() to settle, which under load (each exchange
 * longer than the 1 s timer, every append asking for another) it never did: the demo's cockpit led
 * nothing ("ann@vm holds the lead from another golive"), CI's demo-team-approval-tmux on main da8cb2b.
 */
import { describe, expect, it, vi } from "vitest";
import type { Ctx } from "../../source/commands/context.js";
import { TeamLink } from "../../source/commands/team.js";

function link(exchange: () => Promise<number>) {
  const resumed: string[] = [];
  const team = { exchange, unshared: 0, sharedHead: undefined, local: { file: "/nonexistent/s.json" } };
  const lease = {
    resume: async (holder: string) => {
      resumed.push(holder);
      return undefined;
    },
  };
  const ctx = { clock: { now: () => Date.now() } } as unknown as Ctx;
  const l = new TeamLink(
    team as never,
    {} as never,
    lease as never,
    "ann@vm",
    { lease: { ttl: 30 } } as never,
    ctx,
  );
  return { l, resumed };
}

describe("a team link's lead lease", () => {
  it("is taken up at S3's first answer while the sharing never rests, and asked again after a failed exchange", async () => {
    // Each exchange waits until the test answers it as S3 would.
    const pending: { ok: () => void; fail: (e: Error) => void }[] = [];
    const { l, resumed } = link(
      () =>
        new Promise<number>((ok, fail) => {
          pending.push({ ok: () => ok(0), fail });
        }),
    );
    const answer = async (how: "ok" | "fail") => {
      await vi.waitFor(() => expect(pending.length).toBe(1));
      const p = pending.shift()!;
      if (how === "ok") p.ok();
      else p.fail(new Error("S3 unreachable"));
    };
    const first = l.share();
    await answer("fail");
    await first;
    expect(l.offline).toBe("S3 unreachable");
    expect(resumed).toEqual([]);
    // Asked for again while each exchange runs (the 1 s timer, local appends): the loop goes on.
    let settled = false;
    void l.share().then(() => {
      settled = true;
    });
    void l.share();
    await answer("ok");
    await vi.waitFor(() => expect(resumed).toEqual(["ann@vm"]));
    expect(settled).toBe(false);
    // Once answered, never asked again.
    await answer("ok");
    await vi.waitFor(() => expect(settled).toBe(true));
    const last = l.share();
    await answer("ok");
    await last;
    expect(resumed).toEqual(["ann@vm"]);
  });
});
