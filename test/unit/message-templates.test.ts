/**
 * Issue 13: the runbook's own message templates. Both seeds' templates are found, named after their
 * headings and placed in the go-live's moments; every slot golive knows is filled from the session
 * (and a slot it does not know stays as written, warned about at `new` with file:line). The real CLI
 * writes the message to a file and records it; a hostile value never reaches the text raw.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeMessage, momentNow, templatesForMoment } from "../../source/domain/message-fill.js";
import { messageTemplates, slotKey, templateWarnings } from "../../source/domain/message-templates.js";
import { timeline } from "../../source/domain/timeline.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { sessionOnClock } from "../helpers/session.js";

const seed = (name: string) => parseRunbook(name, readFileSync(join(SEEDS, name), "utf8"), "x");

describe("message templates", () => {
  it("finds both seeds' templates, names them after their headings and places them in the night", () => {
    const rows = (name: string) =>
      messageTemplates(seed(name)).map((t) => ({
        name: t.name,
        moment: t.moment,
        line: t.line,
        slots: t.slots.map((s) => `${s.text}→${s.kind ?? "LEAD TYPES"}`),
      }));
    expect(rows("go-live.md")).toEqual([
      {
        name: "pre-deployment",
        moment: "pre",
        line: 378,
        slots: ["[GREEN/YELLOW/RED]→choice", "[Description]→milestone", "[Time]→t0-time", "[Name]→lead"],
      },
      {
        name: "during-deployment",
        moment: "during",
        line: 396,
        slots: [
          "[Phase Name]→phase",
          "[SUCCESS/IN_PROGRESS/ISSUE]→choice",
          "[Time elapsed]→elapsed",
          "[Next phase]→next-phase",
          "[Additional details]→details",
          "[Name]→lead",
        ],
      },
      {
        name: "post-deployment",
        moment: "post",
        line: 415,
        slots: ["[Total time]→elapsed", "[None/Minor/Major]→issues", "[Name]→lead"],
      },
      {
        name: "critical-issue",
        moment: "incident",
        line: 435,
        slots: [
          "[Description]→issue",
          "[Description]→LEAD TYPES",
          "[Description]→LEAD TYPES",
          "[Time]→next-update",
          "[Name]→lead",
        ],
      },
      {
        name: "rollback-decision",
        moment: "rollback",
        line: 454,
        slots: [
          "[reason]→reason",
          "[Time]→rollback-eta",
          "[Description]→LEAD TYPES",
          "[Description]→LEAD TYPES",
          "[Name]→lead",
        ],
      },
    ]);
    const [notice] = messageTemplates(seed("deployment.md"));
    expect(notice?.moment).toBe("pre");
    // `On-Call: [Name]` is somebody else than the lead who signs: golive does not guess it.
    expect(notice?.slots.filter((s) => !s.kind).map((s) => s.text)).toEqual([
      "[End]",
      "[Feature 1]",
      "[Feature 2]",
      "[Bug fix 1]",
      "[Name]",
      "[Contact]",
    ]);
  });

  it("warns at new, with file:line, about each slot the lead must type, naming the --set key", () => {
    expect(templateWarnings(seed("go-live.md"), "go-live.md")).toEqual([
      'go-live.md:443: message template "critical-issue": golive cannot fill Impact (line 443), Action (line 444) — the lead types them (cockpit m, or golive message critical-issue --set "Impact=…")',
      'go-live.md:462: message template "rollback-decision": golive cannot fill Impact (line 462), Next Steps (line 463) — the lead types them (cockpit m, or golive message rollback-decision --set "Impact=…")',
    ]);

    const t = messageTemplates(seed("deployment.md"))[0]!;
    // Two slots share the label On-Call: each is named by its own words.
    expect(t.slots.map((_, i) => slotKey(t, i)).slice(-2)).toEqual(["Name", "Contact"]);
  });

  it("fills a template from the session; the moment puts the fitting templates first", async () => {
    const { rb, store, clock } = await sessionOnClock(join(SEEDS, "go-live.md"), "2026-11-23T12:00:00.000Z");
    const ts = messageTemplates(rb);
    const fill = (name: string, typed: Record<string, string> = {}) => {
      const now = clock.now();
      return composeMessage(
        ts.find((t) => t.name === name)!,
        { s: store.state, views: timeline(rb, store.state, now), now, user: "u" },
        typed,
      );
    };
    clock.set("2026-11-23T11:40:00.000Z");
    expect(templatesForMoment(ts, momentNow(store.state, clock.now()))[0]?.name).toBe("pre-deployment");
    expect(fill("pre-deployment").text).toContain(
      "Current Status: GREEN\nNext Milestone: T-0: Production Deployment at 12:00 UTC\nTimeline: 12:00 UTC",
    );
    clock.set("2026-11-23T12:20:00.000Z");
    await store.append("drift.detected", { expected: null, actual: { blue: 90, green: 10 } }, "golive");
    await store.append(
      "alert.raised",
      { alert: "a1", severity: "critical", message: "green error rate 7.1 % > 5 %" },
      "golive",
    );
    expect(momentNow(store.state, clock.now())).toBe("incident");
    const during = fill("during-deployment");
    expect(during.text).toContain(
      "Current Phase: T-0: Production Deployment\nStatus: ISSUE\nDuration: 20 min since T-0",
    );
    expect(during.text).toContain("Alert (critical): green error rate 7.1 % > 5 %");
    expect(during.text).toMatch(/\nann$/);
    const incident = fill("critical-issue", { Impact: "checkout slow for 10 %" });
    expect(incident.text).toContain(
      "Issue: green error rate 7.1 % > 5 %\nImpact: checkout slow for 10 %\nAction: [Description]",
    );
    expect(incident.slots.map((s) => s.from)).toEqual(["session", "lead", "open", "session", "session"]);
    await store.close();
  });

  it("golive message writes the file and records it; hostile values are shown escaped, never raw", async () => {
    const sessions = tempDir("message-");
    const clock = fixedClock("2026-11-23T11:30:00.000Z");
    const g = (args: string[]) => golive(args, { sessions, clock });
    const made = await g([
      "new",
      "--runbook",
      join(SEEDS, "go-live.md"),
      "--t0",
      "2026-11-23T12:00:00Z",
      "--lead",
      "ann\u001b]52;c;cHduZWQ=\u0007",
    ]);
    expect(made.stdout).toMatch(/warning: .*go-live\.md:443: message template "critical-issue"/);
    const list = await g(["message"]);
    expect(list.stdout.split("\n")[1]).toMatch(/^★ pre-deployment +before T-0 +line 378$/);
    const bad = await g(["message", "critical-issue", "--set", "Colour=red"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'template "critical-issue" has no such slot; its slots are: Issue, Impact, Action, ETA, Name',
    );
    const r = await g([
      "message",
      "critical-issue",
      "--set",
      "Impact=none\u001b[2J",
      "--set",
      "Action=watching",
    ]);
    expect(r.code).toBe(0);
    // Not a terminal (the test's pipes): nothing to copy through, and the record says so.
    expect(r.stderr).toContain(
      "NOT copied: no terminal to copy through (stdout and stderr are not a TTY): copy from the file",
    );
    const file = /written to (\S+); NOT copied/.exec(r.stderr)![1]!;
    const text = readFileSync(file, "utf8");
    expect(text).toBe(`${r.stdout.trimEnd()}\n`);
    expect(text).toContain("Impact: none\\e[2J\nAction: watching");
    expect(text).toContain("ann\\e]52;c;cHduZWQ=\\a");
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stderr).toContain("left as the runbook wrote them: Issue");
    const log = await g(["status", "--json"]);
    expect(log.code).toBe(0);
    const exported = await g(["export", "--out", "-"]);
    expect(exported.stdout).toMatch(
      /message \\?"critical-issue\\?" \(runbook line 435\) written to \S+message-critical-issue-\d+\.txt; NOT copied: no terminal to copy through [^\n]*; left as written:/,
    );
    expect(exported.stdout).not.toMatch(/message "critical-issue"[^\n]*\bsent\b/);
  });
});
