/**
 * Every kind of event as one line of the log (status, the cockpit's log pane, the export's "Event
 * log"), with and without its optional parts: the words a lead and an auditor read, one row each.
 * describe-event.test.ts holds the distinctions that matter most (overrides, drift, rollbacks).
 */
import { describe, expect, it } from "vitest";
import { describeEvent } from "../../source/domain/describe.js";
import type { SessionEvent } from "../../source/domain/events.js";

/** What every event carries besides its type and data; none of it shows in the line. */
const BASE = { seq: 1, at: "2026-12-03T18:00:00Z", by: "ann", prev: "p", hash: "h" };
const event = (type: string, data: object, extra: object) =>
  ({ ...BASE, type, data, ...extra }) as unknown as SessionEvent;

const LINES: [string, object, object, string][] = [
  [
    "session.created",
    { runbook: { title: "Checkout v2" }, t0: "2026-12-03T18:00:00Z", lead: "ann", version: "2.4.1" },
    {},
    'session created from "Checkout v2" (T-0 2026-12-03T18:00:00Z, lead ann, version 2.4.1)',
  ],
  [
    "session.created",
    { runbook: { title: "Checkout v2" }, t0: "2026-12-03T18:00:00Z", lead: "ann" },
    {},
    'session created from "Checkout v2" (T-0 2026-12-03T18:00:00Z, lead ann)',
  ],
  [
    "item.checked",
    { item: "i3", note: "done by hand", evidence: "curl -s ok\n200" },
    {},
    "checked i3 — done by hand [evidence: curl -s ok 200]",
  ],
  ["item.checked", { item: "i3" }, {}, "checked i3"],
  ["item.unchecked", { item: "i3", reason: "wrong box" }, {}, "unchecked i3 — wrong box"],
  ["item.unchecked", { item: "i3" }, {}, "unchecked i3"],
  [
    "field.recorded",
    { field: "p95", value: "212", source: "cloudwatch" },
    {},
    "recorded p95 = 212 (cloudwatch)",
  ],
  ["field.recorded", { field: "p95", value: "212", source: "manual" }, {}, "recorded p95 = 212"],
  ["config.attached", { config: { file: "env/prod.yaml" } }, {}, "environment attached from env/prod.yaml"],
  [
    "lead.changed",
    {
      holder: "bob",
      generation: 3,
      until: "2026-12-03T19:00:00Z",
      previous: "ann",
      forced: { from: "ann", until: "2026-12-03T18:30:00Z" },
      reason: "ann's laptop\ndied",
    },
    {},
    "lead taken by bob (lease generation 3, until 2026-12-03T19:00:00Z) from ann — FORCED while ann's lease ran until 2026-12-03T18:30:00Z: ann's laptop died",
  ],
  [
    "lead.changed",
    { holder: "bob", generation: 1, until: "2026-12-03T19:00:00Z" },
    {},
    "lead taken by bob (lease generation 1, until 2026-12-03T19:00:00Z)",
  ],
  [
    "approval.requested",
    {
      requester: "ann",
      step: 50,
      listenerArn: "arn:l",
      listener: { weights: { blue: 90, green: 10 } },
      to: { blue: 50, green: 50 },
      request: "r1",
      expiresAt: "2026-12-03T18:10:00Z",
    },
    {},
    "approval requested by ann for promote to 50 %: listener arn:l from blue 90 / green 10 to blue 50 / green 50 (request r1, expires 2026-12-03T18:10:00Z)",
  ],
  [
    "approval.granted",
    { approver: "carl", request: "r1", to: { blue: 50, green: 50 }, seen: { blue: 90, green: 10 } },
    {},
    "approved by carl: request r1, promote to blue 50 / green 50 (AWS showed the approver blue 90 / green 10)",
  ],
  [
    "approval.granted",
    { approver: "carl", request: "r1", to: { blue: 50, green: 50 } },
    {},
    "approved by carl: request r1, promote to blue 50 / green 50",
  ],
  [
    "approval.voided",
    { request: "r1", why: "weights\nmoved" },
    {},
    "approval request r1 void: weights moved",
  ],
  [
    "check.confirmed",
    { check: "c2", line: 41, text: "No open P1s", note: "checked  pager" },
    {},
    "manual check c2 confirmed clear (line 41: No open P1s) — checked pager",
  ],
  [
    "check.confirmed",
    { check: "c2", line: 41, text: "No open P1s" },
    {},
    "manual check c2 confirmed clear (line 41: No open P1s)",
  ],
  [
    "session.signed",
    {
      status: "complete",
      signer: "ann",
      role: "Deployment Lead",
      fields: [
        { field: "ticket", value: "CHG-1" },
        { field: "p95", value: "212" },
      ],
    },
    {},
    "signed complete by ann as Deployment Lead; filled ticket = CHG-1, p95 = 212",
  ],
  [
    "session.migrated",
    { from: 3, to: 4, golive: "0.9.0" },
    {},
    "session format 3 migrated to 4 by golive 0.9.0",
  ],
  [
    "t0.changed",
    { t0: "2026-12-03T19:00:00Z", reason: "CAB late" },
    {},
    "T-0 moved to 2026-12-03T19:00:00Z — CAB late",
  ],
  ["t0.changed", { t0: "2026-12-03T19:00:00Z" }, {}, "T-0 moved to 2026-12-03T19:00:00Z"],
  [
    "traffic.shift.requested",
    { kind: "promote", from: { blue: 90, green: 10 }, to: { blue: 50, green: 50 }, approval: "r1" },
    {},
    "promote requested: blue 90 / green 10 → blue 50 / green 50 (on approval request r1)",
  ],
  [
    "traffic.shift.superseded",
    { kind: "promote", to: { blue: 50, green: 50 }, detail: "rollback requested" },
    {},
    "promote to blue 50 / green 50 superseded: rollback requested",
  ],
  [
    "traffic.observed",
    { observation: "rule-shadows-default", detail: "rule 10\nsends all" },
    {},
    "listener rule shadows default: rule 10 sends all",
  ],
  [
    "decision.go",
    {
      criteria: [{ ok: true }, { ok: false }],
      noGo: [{ ok: true }, { ok: false }, { ok: true }],
      open: ["i4", "i5"],
    },
    {},
    "GO decision: 1/2 criteria met, 2/3 No-Go ruled out; open at the Go: i4; i5",
  ],
  [
    "rollback.verified",
    { blueHealthy: true, detail: "200 from 3 of 3" },
    {},
    "rollback verified: blue healthy — 200 from 3 of 3",
  ],
  [
    "alert.raised",
    { severity: "critical", trust: "pause", message: "5xx 3 %" },
    {},
    "ALERT critical (trust pause): 5xx 3 %",
  ],
  ["alert.raised", { severity: "warning", message: "5xx 3 %" }, {}, "ALERT warning: 5xx 3 %"],
  ["alert.repeated", { alert: "a1", count: 4 }, {}, "alert a1 still breached (seen 4 times)"],
  [
    "check.ran",
    { kind: "http", item: "i2", ok: true, evidence: "200 OK" },
    {},
    "check http on i2: PASS — 200 OK",
  ],
  ["ecs.state.recorded", {}, {}, "pre-deploy ECS state recorded"],
  [
    "ecs.action",
    { action: "scale-blue", ok: true, detail: "desired 0" },
    {},
    "ECS scale-blue: ok — desired 0",
  ],
  [
    "ecs.action",
    { action: "scale-blue", ok: false, detail: "throttled" },
    {},
    "ECS scale-blue: FAILED — throttled",
  ],
  [
    "message.written",
    { template: "start", line: 12, file: "msgs/start.md", clipboard: "osc52", open: ["ETA", "owner"] },
    {},
    'message "start" (runbook line 12) written to msgs/start.md; copied to the clipboard with OSC 52; left as written: ETA, owner',
  ],
  [
    "message.written",
    { template: "start", line: 12, file: "msgs/start.md", clipboard: "blocked" },
    {},
    'message "start" (runbook line 12) written to msgs/start.md; NOT copied: the terminal would not pass OSC 52 on',
  ],
  [
    "message.written",
    {
      template: "start",
      line: 12,
      file: "msgs/start.md",
      clipboard: "blocked",
      why: "tmux set-clipboard\noff",
    },
    {},
    'message "start" (runbook line 12) written to msgs/start.md; NOT copied: tmux set-clipboard off',
  ],
  [
    "message.written",
    { template: "start", line: 12, file: "msgs/start.md" },
    {},
    'message "start" (runbook line 12) written to msgs/start.md',
  ],
  [
    "k8s.action",
    { action: "rollout", deployment: "web", phase: "started", detail: "image v2" },
    {},
    "Kubernetes rollout web started: image v2",
  ],
  [
    "metrics.period",
    {
      t: "2026-12-03T18:05:00.000Z",
      blue: { requests: 1000, errors: 3, connectionErrors: 2, p95Ms: 212.4 },
      green: null,
      measures: { "custom:queue_depth": { blue: 12, green: 140.5 }, latency: { blue: 0.25, green: null } },
    },
    {},
    "period 18:05Z: blue 5/1000 errors, p95 212ms; green no traffic; blue/green queue_depth 12/141, latency 0.25/no data",
  ],
  [
    "metrics.period",
    {
      t: "2026-12-03T18:05:00.000Z",
      blue: { requests: 1000, errors: 3, connectionErrors: 2, p95Ms: null },
      green: { requests: 10, errors: 0, connectionErrors: 0, p95Ms: 30 },
    },
    {},
    "period 18:05Z: blue 5/1000 errors, p95 no data; green 0/10 errors, p95 30ms",
  ],
  [
    "note.added",
    { text: "all good" },
    { amendment: { why: "typo\nfixed" }, merged: { from: "laptop-b", at: "2026-12-03T18:40:00Z" } },
    "note: all good [AMENDMENT after sign-off — typo fixed; merged from laptop-b at 2026-12-03T18:40:00Z]",
  ],
  [
    "note.added",
    { text: "all good" },
    { merged: { from: "laptop-b", at: "2026-12-03T18:40:00Z" } },
    "note: all good [merged from laptop-b at 2026-12-03T18:40:00Z]",
  ],
  [
    "note.added",
    { text: "all good" },
    { amendment: { why: "typo fixed" } },
    "note: all good [AMENDMENT after sign-off — typo fixed]",
  ],
  ["session.signed", { status: "incomplete", signer: "bob" }, {}, "signed incomplete by bob"],
  [
    "decision.go",
    { override: "CAB said go", criteria: [{ ok: true }] },
    {},
    "GO decision (override: CAB said go): 1/1 criteria met",
  ],
];

describe("describeEvent, one line per kind of event", () => {
  it.each(LINES)("%s %j %j", (type, data, extra, line) => {
    expect(describeEvent(event(type, data, extra))).toBe(line);
  });
});
