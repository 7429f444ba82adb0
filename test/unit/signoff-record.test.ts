/**
 * The sign-off record (domain/signoff.ts) in full for a small runbook and a session that touched
 * every part of it: the record is what an auditor reads, so it is pinned byte for byte. Each
 * piece of state (a tick, a blank, a table cell, a rollback, an earlier attempt's checkpoints,
 * alerts, notes, amendments) changes exactly its own lines.
 */
import { describe, expect, it } from "vitest";
import { reduce, type SessionEvent, type SessionState } from "../../source/domain/events.js";
import {
  renderSignoffMarkdown,
  renderSignoffPieces,
  renderSignoffWithRows,
} from "../../source/domain/signoff.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const TEXT = `# Go-live

## Prep (T-1h)

- [ ] Tag the release
- [x] Freeze merges
- [ ] Version: ___________

## Checks (T+0)

| Check | Value | Status |
|---|---|---|
| T+15 | _____% | ☐ OK / ☐ Issue |
| Owner | | |

## Sign-Off

- [ ] Signed
`;
const SHA = "a".repeat(64);
const RB = parseRunbook("rb.md", TEXT, SHA);
const created = {
  seq: 1,
  at: "2026-12-04T10:00:00.000Z",
  by: "lead",
  type: "session.created",
  data: {
    id: "s1",
    runbook: { file: "rb.md", sha256: SHA, title: RB.title, text: TEXT },
    t0: "2026-12-04T12:00:00Z",
    lead: "lead",
  },
  prev: "",
  hash: "h1",
} as unknown as SessionEvent;
const BASE = reduce([created]);
const at = (hhmm: string) => `2026-12-04T${hhmm}:00.000Z`;
const record = (over: Partial<SessionState>) =>
  renderSignoffWithRows(RB, { ...BASE, ...over } as SessionState, "");

describe("the sign-off record", () => {
  it("an untouched session: the runbook as it was, NOT SIGNED, the appendix's fixed lines", () => {
    expect(record({})).toMatchInlineSnapshot(`
      "# Go-live

      ## Prep (T-1h)

      - [ ] Tag the release
      - [x] Freeze merges
      - [ ] Version: ___________

      ## Checks (T+0)

      | Check | Value | Status |
      |---|---|---|
      | T+15 | _____% | ☐ OK / ☐ Issue |
      | Owner | | |

      ## Sign-Off

      - [ ] Signed

      ---

      ## golive sign-off record

      - **Session:** \`s1\`
      - **Runbook:** Go-live (\`rb.md\`, sha256 \`aaaaaaaaaaaaaaaa…\`)
      - **Version:** — · **Environment:** — · **Lead:** lead
      - **T-0:** 2026-12-04T12:00:00.000Z
      - **Status:** NOT SIGNED
      - **Traffic (as AWS last confirmed):** unknown
      - **Canary plan:** 10 % → 50 % → 100 %
        - 10 %  dwell 10 min    (step: default · dwell: default)
        - 50 %  dwell 10 min    (step: default · dwell: default)
        - 100 %  watch 10 min    (step: default · dwell: default)
      - **Thresholds:** go: error rate &lt; 1 % (default), p95 &lt; 50 ms (default) · rollback: error rate &gt; 5 % (default), p95 &gt; 100 ms (default)

      ### Event log

      | # | When (UTC) | Who | What |
      |---:|---|---|---|

      Chain head (SHA-256 of event #1): \`h1\`

      Check with \`golive verify\` against the JSON export of this session.
      "
    `);
  });

  it("ticks, unticks, evidence, checks, blanks, a choice and a table cell, each where it stood", () => {
    const s = {
      items: {
        i1: {
          checked: true,
          by: "ann",
          at: at("11:01"),
          note: "v2.3 *tagged*",
          evidence: "line one\nline two",
        },
        i2: { checked: false, by: "bob", at: at("11:02"), reason: "merge came in" },
        i3: { checked: true, by: "ann", at: at("11:03") },
      },
      checks: {
        i3: { kind: "http", ok: false, at: at("11:04") },
        i4: { kind: "cmd", ok: true, at: at("11:05") },
      },
      fields: {
        f1: { value: "2.3.0", by: "ann" },
        f2: { value: "0.4", by: "ann" },
        f3: { value: "issue", by: "ann" },
        f4: { value: "ann|bob", by: "ann" },
      },
    } as unknown as Partial<SessionState>;
    expect(record(s)).toMatchInlineSnapshot(`
      "# Go-live

      ## Prep (T-1h)

      - [x] Tag the release <sub>✓ ann 2026-12-04 11:01Z — v2.3 \\*tagged\\* · evidence: line one line two · \`i1\`</sub>
      - [ ] Freeze merges <sub>unchecked by bob 2026-12-04 11:02Z — merge came in · \`i2\`</sub>
      - [x] Version: **2.3.0** <sub>✓ ann 2026-12-04 11:03Z · check http FAIL 2026-12-04 11:04Z · \`i3\`</sub>

      ## Checks (T+0)

      | Check | Value | Status |
      |---|---|---|
      | T+15 | **0.4**% | ☐ OK / ☑ Issue |
      | Owner | ann\\|bob | |

      ## Sign-Off

      - [ ] Signed <sub>check cmd PASS 2026-12-04 11:05Z · \`i4\`</sub>

      ---

      ## golive sign-off record

      - **Session:** \`s1\`
      - **Runbook:** Go-live (\`rb.md\`, sha256 \`aaaaaaaaaaaaaaaa…\`)
      - **Version:** — · **Environment:** — · **Lead:** lead
      - **T-0:** 2026-12-04T12:00:00.000Z
      - **Status:** NOT SIGNED
      - **Traffic (as AWS last confirmed):** unknown
      - **Canary plan:** 10 % → 50 % → 100 %
        - 10 %  dwell 10 min    (step: default · dwell: default)
        - 50 %  dwell 10 min    (step: default · dwell: default)
        - 100 %  watch 10 min    (step: default · dwell: default)
      - **Thresholds:** go: error rate &lt; 1 % (default), p95 &lt; 50 ms (default) · rollback: error rate &gt; 5 % (default), p95 &gt; 100 ms (default)

      ### Event log

      | # | When (UTC) | Who | What |
      |---:|---|---|---|

      Chain head (SHA-256 of event #1): \`h1\`

      Check with \`golive verify\` against the JSON export of this session.
      "
    `);
  });

  it("signed with open points, a go with an override, live, a rollback, checkpoints of two attempts, alerts, notes, amendments", () => {
    const s = {
      version: "2.3.0",
      env: "prod",
      signoff: {
        status: "success",
        signer: "Ann",
        role: "lead",
        at: at("14:00"),
        accepted: { open: ["i4 Signed", "m1 smoke\ntest"], reason: "owner\naway" },
      },
      goDecision: { by: "ann", at: at("11:50"), override: "CAB said yes", open: ["i1 Tag"] },
      liveAt: at("12:40"),
      rollback: { by: "bob", startedAt: at("12:20"), reason: "5xx", verified: false },
      earlierCheckpoints: [
        {
          attempt: 1,
          rows: [
            { offsetMinutes: 15, errorRate: null, latencyP95: null, status: "no data", at: at("12:16") },
          ],
        },
      ],
      live: { attempt: 2, at: at("12:30") },
      checkpoints: {
        b: {
          offsetMinutes: 30,
          errorRate: 0.456,
          latencyP95: 41.6,
          status: "OK",
          at: at("13:01"),
          late: true,
        },
        a: { offsetMinutes: 15, errorRate: 1, latencyP95: 40, status: "OK", at: at("12:46") },
      },
      alerts: [
        {
          at: at("12:19"),
          severity: "critical",
          trust: "rollback",
          message: "error rate 6 %",
          count: 3,
          lastSeenAt: at("12:21"),
          acknowledged: true,
        },
        { at: at("12:50"), severity: "warning", message: "p95 *high*", count: 1 },
      ],
      notes: [{ at: at("12:05"), by: "bob", text: "watching\nclosely" }],
      amendments: [{ seq: 9, at: at("15:00"), by: "ann", type: "note.added", why: "typo" }],
      lastSeq: 9,
      head: "f".repeat(64),
    } as unknown as Partial<SessionState>;
    expect(record(s)).toMatchInlineSnapshot(`
      "> **⚠ SIGNED SUCCESS WITH 2 OPEN POINT(S) ACCEPTED** by Ann at 2026-12-04T14:00:00.000Z — reason: owner away. The list is in the sign-off record at the end.

      # Go-live

      ## Prep (T-1h)

      - [ ] Tag the release
      - [x] Freeze merges
      - [ ] Version: ___________

      ## Checks (T+0)

      | Check | Value | Status |
      |---|---|---|
      | T+15 | _____% | ☐ OK / ☐ Issue |
      | Owner | | |

      ## Sign-Off

      - [ ] Signed

      ---

      ## golive sign-off record

      - **Session:** \`s1\`
      - **Runbook:** Go-live (\`rb.md\`, sha256 \`aaaaaaaaaaaaaaaa…\`)
      - **Version:** 2.3.0 · **Environment:** prod · **Lead:** lead
      - **T-0:** 2026-12-04T12:00:00.000Z
      - **Status:** SUCCESS — signed by Ann as lead at 2026-12-04T14:00:00.000Z — **WITH 2 OPEN POINT(S) ACCEPTED**

      ### ⚠ Accepted open at sign-off (2)

      Reason given: owner away

      - i4 Signed
      - m1 smoke test

      - **Traffic (as AWS last confirmed):** unknown
      - **Canary plan:** 10 % → 50 % → 100 %
        - 10 %  dwell 10 min    (step: default · dwell: default)
        - 50 %  dwell 10 min    (step: default · dwell: default)
        - 100 %  watch 10 min    (step: default · dwell: default)
      - **Thresholds:** go: error rate &lt; 1 % (default), p95 &lt; 50 ms (default) · rollback: error rate &gt; 5 % (default), p95 &gt; 100 ms (default)
      - **Go decision:** ann at 2026-12-04T11:50:00.000Z (**override:** CAB said yes)
        - open at the Go: i1 Tag
      - **100 % green at:** 2026-12-04T12:40:00.000Z
      - **Rollback:** decided by bob, initiated 2026-12-04T12:20:00.000Z, completed NOT CONFIRMED, reason: 5xx, blue NOT verified healthy

      ### Monitoring checkpoints — earlier attempt 1 (ended by a rollback)

      | Checkpoint | Error rate | Latency p95 | Status | Recorded |
      |---|---|---|---|---|
      | T+15 | no data | no data | no data | 2026-12-04T12:16:00.000Z |

      ### Monitoring checkpoints — attempt 2 (from 2026-12-04T12:30:00.000Z)

      | Checkpoint | Error rate | Latency p95 | Status | Recorded |
      |---|---|---|---|---|
      | T+15 | 1.00% | 40ms | OK | 2026-12-04T12:46:00.000Z |
      | T+30 | 0.46% | 42ms | OK | 2026-12-04T13:01:00.000Z (late) |

      ### Alerts

      - 2026-12-04T12:19:00.000Z **critical** (trust rollback) error rate 6 % (seen 3 times, last 2026-12-04T12:21:00.000Z) (acknowledged)
      - 2026-12-04T12:50:00.000Z **warning** p95 \\*high\\*

      ### Notes

      - 2026-12-04T12:05:00.000Z bob: watching closely

      ### Amendments after sign-off

      - #9 2026-12-04T15:00:00.000Z ann: note.added — typo

      ### Event log

      | # | When (UTC) | Who | What |
      |---:|---|---|---|

      Chain head (SHA-256 of event #9): \`ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\`

      Check with \`golive verify\` against the JSON export of this session.
      "
    `);
    expect(
      record({
        ...s,
        rollback: { by: "bob", startedAt: at("12:20"), completedAt: at("12:22"), verified: true },
        live: { attempt: 1, at: at("12:30") },
        signoff: { status: "failed", signer: "Ann", at: at("14:00") },
      } as never)
        .split("\n")
        .filter((l) => /Rollback:|Status:|^### Monitoring|WITH/.test(l)),
    ).toMatchInlineSnapshot(`
      [
        "- **Status:** FAILED — signed by Ann at 2026-12-04T14:00:00.000Z",
        "- **Rollback:** decided by bob, initiated 2026-12-04T12:20:00.000Z, completed 2026-12-04T12:22:00.000Z, blue verified healthy",
        "### Monitoring checkpoints — earlier attempt 1 (ended by a rollback)",
        "### Monitoring checkpoints",
      ]
    `);
  });

  it("the rows go between the appendix and the chain head; without rows nothing is put between", () => {
    const rows = renderSignoffPieces(RB, BASE, ["| 1 | r |\n"]);
    expect(rows.length).toBe(4);
    expect(rows[1]).toBe("\n");
    expect(rows[2]).toBe("| 1 | r |\n");
    expect(renderSignoffPieces(RB, BASE, [""])).toHaveLength(2);
    expect(renderSignoffPieces(RB, BASE, []).join("")).toBe(record({}));
    expect(renderSignoffMarkdown(RB, BASE, [created])).toContain("\n| 1 | ");
  });
});
