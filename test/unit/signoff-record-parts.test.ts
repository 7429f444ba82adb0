/**
 * The sign-off record (domain/signoff.ts) for the parts signoff-record.test.ts's small runbook does
 * not have: a runbook whose canary plans disagree, with a decision matrix, thresholds on other
 * metrics and checks by hand, a choice and table cells on its last lines and no final newline; and
 * the appendix's lines without their optional parts. What the record states is what the team signs.
 */
import { describe, expect, it } from "vitest";
import { reduce, type SessionEvent, type SessionState } from "../../source/domain/events.js";
import { renderSignoffWithRows } from "../../source/domain/signoff.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const TEXT = `# Go-live

## Rollout (T-0)

Gradual rollout: 10% → 50% → 100%

- [ ] Route 5% traffic to green
- [ ] Route 25% traffic to green
- [ ] Route 100% traffic to green
- [ ] Watch: abort when p99 latency > 900 ms
- [ ] Abort when SearchErrors > 25 per minute

## Rollback Decision Matrix

| Issue | Severity | Action |
|---|---|---|
| Application crash | Critical | Immediate rollback |
| Data corruption detected | Critical | Immediate rollback |
| Minor UI glitch | Low | Fix in place |

## Sign-Off

Filled at the end <!-- by the lead -->

| Check | Result | Owner | Note |
|---|---|---|---|
| Smoke | ☐ OK / ☐ Issue | <!-- who_ran -->| |

Checked <!-- after the table -->

- [ ] Release: \\_\\_\\_\\_
- [ ] Runbook owner: ___[wiki](https://wiki.example)
- [ ] Signed`;
const SHA = "b".repeat(64);
const RB = parseRunbook("rb.md", TEXT, SHA);
const sessionOf = (text: string, title: string) =>
  reduce([
    {
      seq: 1,
      at: "2026-12-04T10:00:00.000Z",
      by: "lead",
      type: "session.created",
      data: {
        id: "s2",
        runbook: { file: "rb.md", sha256: SHA, title, text },
        t0: "2026-12-04T12:00:00Z",
        lead: "lead",
      },
      prev: "",
      hash: "h1",
    } as unknown as SessionEvent,
  ]);
const BASE = sessionOf(TEXT, RB.title);
const at = (hhmm: string) => `2026-12-04T${hhmm}:00.000Z`;
const record = (over: Partial<SessionState> = {}) =>
  renderSignoffWithRows(RB, { ...BASE, ...over } as SessionState, "");
const linesOf = (md: string) => md.split("\n");

describe("what the session acts on, in the record", () => {
  it("the plan's warning, then the matrix, other thresholds and manual checks, each under its heading", () => {
    const lines = linesOf(record());
    const from = lines.indexOf("- **Canary plan:** 10 % → 50 % → 100 %");
    const block = lines.slice(from + 4, lines.indexOf("### Event log") - 1);
    // Each entry by its start: the words after it are the other modules' (matrix, stated, manual).
    expect(block.map((l) => (l.startsWith("  - ") ? l.slice(0, 24) : l))).toEqual([
      "  - warning, line 7: the",
      "- **Thresholds:** go: error rate &lt; 1 % (default), p95 &lt; 50 ms (default) · rollback: error rate &gt; 5 % (default), p95 &gt; 100 ms (default)",
      "- **Rollback decision matrix:**",
      "  - Application crash / ",
      "  - Data corruption dete",
      "  - Minor UI glitch / Lo",
      "- **Other thresholds and triggers:**",
      "  - Watch: abort when p9",
      "  - Abort when SearchErr",
      "- **Manual checks (golive cannot measure these):**",
      "  - m11   Abort when Sea",
      "  - m18   Data corruptio",
      "  - m19   Minor UI glitc",
    ]);
    expect(block[0]).toContain("two different canary plans");
  });
});

describe("the runbook as it stood, filled", () => {
  const fields = (f1: string) =>
    ({
      f1: { value: f1, by: "ann" },
      f2: { value: "ann", by: "ann" },
      f3: { value: "bob", by: "ann" },
      f4: { value: "2.3.0", by: "ann" },
      f5: { value: "ann", by: "ann" },
    }) as unknown as SessionState["fields"];
  const row = (md: string) => linesOf(md).find((l) => l.startsWith("| Smoke"));

  it("a cell left with only a comment, and the cell that ends the row: the value between the pipes", () => {
    const md = record({ fields: fields("ok") });
    expect(row(md)).toBe("| Smoke | ☑ OK / ☐ Issue | ann | bob |");
    // Markup outside the filled cells is still shown as text.
    expect(linesOf(md)).toContain("Filled at the end &lt;!-- by the lead --&gt;");
    expect(linesOf(md)).toContain("Checked &lt;!-- after the table --&gt;");
    // A blank written with escaped underscores is a blank like any other: the value in bold.
    expect(linesOf(md)).toContain("- [ ] Release: **2.3.0**");
    // A blank right before a link: the link stays text (its escape sits where the blank ends).
    expect(linesOf(md)).toContain("- [ ] Runbook owner: **ann**\\[wiki](https:\u2060//wiki.example)");
  });

  it("a choice recorded as none of its options ticks no box", () => {
    expect(row(record({ fields: fields("maybe") }))).toBe("| Smoke | ☐ OK / ☐ Issue | ann | bob |");
  });

  it("an item on the last line, with no newline after it: its note at the end of the text", () => {
    const md = record({ items: { i8: { checked: true, by: "ann", at: at("11:00") } } as never });
    expect(md).toContain("\n- [x] Signed <sub>✓ ann 2026-12-04 11:00Z · `i8`</sub>\n\n---\n");
  });

  it("an untick without a reason says no more; evidence is cut at 200 characters", () => {
    const md = record({
      items: {
        i1: { checked: false, by: "bob", at: at("11:02") },
        i2: { checked: true, by: "ann", at: at("11:03"), evidence: `${"x".repeat(199)}yz` },
      } as never,
    });
    expect(linesOf(md)).toContain(
      "- [ ] Route 5% traffic to green <sub>unchecked by bob 2026-12-04 11:02Z · `i1`</sub>",
    );
    expect(linesOf(md)).toContain(
      `- [x] Route 25% traffic to green <sub>✓ ann 2026-12-04 11:03Z · evidence: ${"x".repeat(199)}y · \`i2\`</sub>`,
    );
  });
});

describe("the appendix without the optional parts", () => {
  it("a Go without an override, a rollback without a reason, completion or health check, a value that is null", () => {
    const lines = linesOf(
      record({
        goDecision: { by: "ann", at: at("12:00") },
        rollback: { by: "bob", startedAt: at("12:30") },
        checkpoints: {
          15: {
            offsetMinutes: 15,
            errorRate: null,
            latencyP95: null,
            status: null,
            at: at("12:15"),
            late: false,
          },
        },
      } as never),
    );
    expect(lines).toContain("- **Go decision:** ann at 2026-12-04T12:00:00.000Z");
    expect(lines).toContain(
      "- **Rollback:** decided by bob, initiated 2026-12-04T12:30:00.000Z, completed NOT CONFIRMED",
    );
    expect(lines).toContain("| T+15 | no data | no data |  | 2026-12-04T12:15:00.000Z |");
  });
});

describe("markup over a line break in a ticked item", () => {
  const SPLIT =
    "# Go-live\n\n## Prep\n\n- [ ] Before\n- [ ] Deploy <img\n  src=x onerror=alert(1)> now\n- [ ] After\n";
  const rb = parseRunbook("rb.md", SPLIT, SHA);

  it("stays inert text, the note after the line where the markup ends; the items around keep theirs", () => {
    const tick = { checked: true, by: "ann", at: at("11:00") };
    const s = { ...sessionOf(SPLIT, rb.title), items: { i1: tick, i2: tick, i3: tick } };
    const md = renderSignoffWithRows(rb, s as unknown as SessionState, "");
    expect(md).not.toContain("<img");
    const note = (id: string) => `<sub>✓ ann 2026-12-04 11:00Z · \`${id}\`</sub>`;
    expect(md).toContain(
      `- [x] Before ${note("i1")}\n- [x] Deploy &lt;img\n  src=x onerror=alert(1)&gt; now ${note("i2")}\n- [x] After ${note("i3")}\n`,
    );
  });
});
