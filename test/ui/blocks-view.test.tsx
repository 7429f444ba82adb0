/** The cockpit shows an item's runnable block id (`c1`) beside it, as `golive run --list` names it. */
import { join } from "node:path";
import { expect, it } from "vitest";
import { timeline } from "../../source/domain/timeline.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { SessionStore } from "../../source/session/store.js";
import { checklistRows } from "../../source/ui/app/view.js";
import { Checklist } from "../../source/ui/components/Checklist.js";
import { makeTheme } from "../../source/ui/theme.js";
import { renderAt } from "../helpers/ink.js";
import { SEEDS, tempDir } from "../helpers/paths.js";

it("go-live runbook: the T-2 hours check item shows ⌘c1", async () => {
  const file = join(SEEDS, "go-live.md");
  const { text, sha256 } = await readRunbookFile(file);
  const rb = parseRunbook(file, text, sha256);
  const t0 = "2026-11-23T12:00:00.000Z";
  const store = await SessionStore.create(
    tempDir(),
    { runbook: { file, sha256, title: rb.title, text }, t0, lead: "lead" },
    "lead",
  );
  try {
    const view = timeline(rb, store.state, Date.parse(t0)).find((v) =>
      v.phase.section.title.startsWith("T-2 Hours"),
    );
    const rows = checklistRows(rb, store.state, view);
    expect(rows.find((r) => r.kind === "item" && r.text === "Final Infrastructure Check")).toMatchObject({
      runnable: true,
      block: "c1",
    });
    const r = renderAt(
      <Checklist
        title="T-2"
        rows={rows}
        selected={0}
        focused
        width={90}
        height={8}
        theme={makeTheme({ NO_COLOR: "1" })}
      />,
      { columns: 90, rows: 8 },
    );
    expect(r.frame()).toMatch(/\[ \] i\d+\s+⌘c1 Final Infrastructure Check/);
  } finally {
    await store.close();
  }
});
