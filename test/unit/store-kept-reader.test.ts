/**
 * session/store.ts's open from the kept state is a writer's alone (it holds the lock, so the
 * document cannot change under its lazily read events). A read-only viewer reads every event when
 * it opens: a writer that compacts afterwards must not make the viewer's events unreadable.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SessionStore } from "../../source/session/store.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { keptSession, N } from "../helpers/kept-session.js";

afterEach(() => setVerifiedBuild(undefined));

describe("a viewer of a session whose state is kept", () => {
  it("has the events as they were when it opened, after a writer rewrote the document", async () => {
    const file = await keptSession();
    const viewer = await SessionStore.open(file, { write: false });
    const writer = await SessionStore.open(file, { write: true, journal: { compactEvery: 1 } });
    await writer.append("note.added", { text: "after the viewer opened" }, "ann");
    await writer.close();
    expect(viewer.events.length).toBe(N);
    expect(viewer.events.at(-1)?.seq).toBe(N);
    await viewer.close();
  });
});
