import { describe, expect, it } from "vitest";
import { viewerPlace } from "../../source/commands/demo-team.js";

describe("demo --team: where the viewer opens in tmux", () => {
  it("beside the cockpit only when both halves keep 80 columns (tmux draws a one-column border)", () => {
    expect(viewerPlace({ columns: 161, rows: 24 })).toEqual(["split-window", "-h", "-d"]);
    expect(viewerPlace({ columns: 160, rows: 24 })).toEqual(["new-window", "-d", "-n", "viewer"]);
  });
  it("below it when both halves keep 24 rows, else in a window of its own", () => {
    expect(viewerPlace({ columns: 120, rows: 49 })).toEqual(["split-window", "-v", "-d"]);
    expect(viewerPlace({ columns: 120, rows: 48 })).toEqual(["new-window", "-d", "-n", "viewer"]);
    expect(viewerPlace({})).toEqual(["new-window", "-d", "-n", "viewer"]);
  });
});
