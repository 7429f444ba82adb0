/**
 * domain/phases.ts on a runbook written for it: which section each item, field and block belongs to
 * on the timeline (the nearest timed section above it; else its top-level section, as an unscheduled
 * phase), and that a runbook's phases are worked out once.
 */
import { describe, expect, it } from "vitest";
import { phasesOf, sectionPath } from "../../source/domain/phases.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const TEXT = `# Go-live

## Pre-Deployment (T-24 hours)

### Checks

- [ ] a1 backups taken

\`\`\`bash
echo pre
\`\`\`

## Deployment (T-0)

- [ ] b1 deploy

\`\`\`bash
echo deploy
\`\`\`

### Window (T+30m)

#### Steps

- [ ] w1 watch

\`\`\`bash
echo window
\`\`\`

## Sign-Off

- [ ] c1 sign

### Inner

- [ ] c2 archive
- Owner: ____
`;

const rb = parseRunbook("phases.md", TEXT, "0");
const view = () =>
  phasesOf(rb).map((p) => ({
    phase: p.section.title,
    items: p.items.map((i) => i.text.split(" ")[0]),
    fields: p.fields.length,
    blocks: p.blocks.map((b) => b.code.trim()),
  }));

describe("phasesOf", () => {
  it("an item belongs to the nearest timed section above it, else to its top-level section", () => {
    expect(view()).toEqual([
      { phase: "Pre-Deployment (T-24 hours)", items: ["a1"], fields: 0, blocks: ["echo pre"] },
      { phase: "Deployment (T-0)", items: ["b1"], fields: 0, blocks: ["echo deploy"] },
      { phase: "Window (T+30m)", items: ["w1"], fields: 0, blocks: ["echo window"] },
      { phase: "Sign-Off", items: ["c1", "c2"], fields: 1, blocks: [] },
    ]);
  });

  it("an item's place in the outline: its section and every section above it, top first", () => {
    const w1 = rb.items.find((i) => i.text.startsWith("w1"))!;
    expect(sectionPath(rb, w1.section).map((s) => s.title)).toEqual([
      "Go-live",
      "Deployment (T-0)",
      "Window (T+30m)",
      "Steps",
    ]);
    expect(sectionPath(rb, "no such section")).toEqual([]);
  });

  it("is worked out once per runbook", () => {
    expect(phasesOf(rb)).toBe(phasesOf(rb));
  });
});
