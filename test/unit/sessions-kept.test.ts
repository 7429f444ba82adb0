/**
 * session/sessions.ts's listing of a session whose state a writer kept: it takes the state bound by
 * the document's stat identity and last event (state-cache.ts's "stat" read), so `golive status`
 * and the session choice never open the document to read it whole (bench/RESULTS.md §1c).
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reduce } from "../../source/domain/events.js";
import { nodeDisk } from "../../source/session/disk.js";
import { SESSION_FORMAT } from "../../source/session/document.js";
import { documentText } from "../../source/session/journal.js";
import { listSessions } from "../../source/session/sessions.js";
import { rememberState } from "../../source/session/state-cache.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { tempDir } from "../helpers/paths.js";
import { CREATED, chain, note, plain, sha } from "../helpers/state-cache-chain.js";

afterEach(() => {
  setVerifiedBuild(undefined);
  vi.restoreAllMocks();
});

describe("listing a session with a kept state", () => {
  it("takes the stat-bound state: the document is never opened to be read whole", async () => {
    setVerifiedBuild("b1");
    const events = chain([
      ["session.created", { ...CREATED[1], format: SESSION_FORMAT }],
      note("a"),
      note("b"),
    ]);
    const file = join(tempDir("sessions-kept-"), "s-1.json");
    const text = documentText({ format: SESSION_FORMAT, id: "s-1", events } as never);
    writeFileSync(file, text);
    rememberState(file, sha(text), Buffer.byteLength(text), events);
    const open = vi.spyOn(nodeDisk, "open");
    const [listed, ...others] = await listSessions(dirname(file));
    expect(others).toEqual([]);
    expect(plain(listed?.state)).toEqual(plain(reduce(events)));
    expect(open).not.toHaveBeenCalled();
  });
});
