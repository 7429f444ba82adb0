/** The runbook's Go / No-Go criteria judged by the checklist items due before the first shift. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keywords } from "../../source/domain/go-keywords.js";
import {
  GO_NOT_MET as GO,
  goNoGoChecks,
  goNoGoReasons,
  NO_GO_OPEN as NOGO,
  preGoItems,
} from "../../source/domain/go-nogo.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { SEEDS } from "../helpers/paths.js";
import { tickedState } from "../helpers/ticked-state.js";

const state = tickedState;

describe("Go / No-Go on the blue/green checklist", async () => {
  const { text, sha256 } = await readRunbookFile(join(SEEDS, "deployment.md"));
  const rb = parseRunbook("deployment.md", text, sha256);
  const GO_ITEMS = ["i7", "i8", "i9", "i12", "i15", "i16", "i18", "i24", "i27", "i28", "i37", "i38"];

  it("maps each criterion to the items that say the same thing, before the canary only", () => {
    const checks = goNoGoChecks(rb, state(), { blue: true, green: true });
    expect(checks.map((c) => [c.source, c.label, c.ok, c.items])).toEqual([
      [GO, "All tests passing", false, ["i7", "i8"]],
      [GO, "All health checks green", false, ["i24", "i37"]],
      [GO, "Team on standby", false, ["i27"]],
      [GO, "Rollback plan ready", false, ["i16", "i28"]],
      [NOGO, "Critical tests failing", false, ["i7", "i8", "i9", "i12", "i38"]],
      [NOGO, "Infrastructure issues", false, ["i18"]],
      [NOGO, "Missing on-call coverage", false, ["i15", "i27"]],
      [NOGO, "No rollback plan", false, ["i16", "i28"]],
    ]);
    // Nothing after the canary plan (line 174) or in a rollback/T+ phase can hold up the Go.
    expect(Math.max(...preGoItems(rb, state()).map((i) => i.position.line))).toBeLessThan(174);
  });

  it("opens once the Go items are ticked, and stays shut while a health URL fails", () => {
    expect(goNoGoReasons(goNoGoChecks(rb, state(GO_ITEMS), { blue: true, green: true }))).toEqual([]);
    expect(goNoGoReasons(goNoGoChecks(rb, state(GO_ITEMS), { blue: true, green: false }))).toEqual([
      "Go criterion not met: All health checks green (ticked: i24, i37; green health failing)",
    ]);
    expect(goNoGoReasons(goNoGoChecks(rb, state(GO_ITEMS.filter((i) => i !== "i18"))))).toEqual([
      "No-Go not ruled out: Infrastructure issues (open: i18)",
    ]);
  });

  it("a criterion no item covers is no evidence, never met", () => {
    const other = {
      ...rb,
      criteria: { go: ["Change board approval obtained"], noGo: ["Data corruption seen"] },
    };
    const checks = goNoGoChecks(other, state(GO_ITEMS));
    expect(checks.map((c) => c.ok)).toEqual([null, null]);
    expect(goNoGoReasons(checks)).toEqual([
      "no evidence: Go criterion not met: Change board approval obtained (no checklist item before the first shift covers it)",
      "no evidence: No-Go not ruled out: Data corruption seen (no checklist item before the first shift covers it)",
    ]);
  });
});

describe("a text's words", () => {
  it("are the same on every ask, for each text apart, before and after the kept words are emptied", () => {
    const fresh = (s: string) => [...keywords(s)].sort();
    expect(fresh("Database backups completed")).toEqual(["backup", "completed", "database"]);
    expect(fresh("No critical bugs open")).toEqual(["bug", "critical", "open"]);
    for (let n = 0; n < 10_050; n++)
      expect(keywords(`item ${n + 10} tests`)).toEqual(new Set(["item", String(n + 10), "test"]));
    expect(fresh("Database backups completed")).toEqual(["backup", "completed", "database"]);
    expect(fresh("No critical bugs open")).toEqual(["bug", "critical", "open"]);
  });
});
