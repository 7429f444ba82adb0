/**
 * How golive reads a runbook's message template (message-templates.ts): its name and the moment of
 * the night it is written for, from its headings and subject; each slot's label and what golive
 * fills it with, from the slot's own words and its line's label; the status words it knows; and the
 * warning `new` gives, with the key `--set` takes, for each slot the lead must type.
 */
import { describe, expect, it } from "vitest";
import {
  choiceLevel,
  messageTemplates,
  slotKey,
  templateWarnings,
} from "../../source/domain/message-templates.js";
import { parseRunbook } from "../../source/runbook/parse.js";

// A runbook needs one checklist item; it comes last so the fences keep their lines.
const runbook = (md: string) => parseRunbook("rb.md", `${md}\n- [ ] done\n`, "x");
const templates = (md: string) => messageTemplates(runbook(md));
const fence = (body: string) => `\`\`\`\n${body}\n\`\`\`\n`;
/** The kind golive gives each slot of one line (undefined: the lead types it); the subject line
 * makes the block a template whatever its slots' case. */
const kinds = (line: string) =>
  templates(`# M\n\n${fence(`Subject: s\n${line}`)}`)[0]!.slots.map((s) => s.kind);
const kind = (line: string) => kinds(line)[0];

describe("a template's name and moment", () => {
  it("is named after its heading (a slug, 40 characters at most), numbered when a name repeats", () => {
    const long = "A Very Long Heading About The Deployment Of Everything";
    const ts = templates(
      [
        `# Update: Status!\n\n${fence("Hi [Name]")}`,
        `# ${long}\n\n${fence("Hi [Name]")}`,
        `# Update  Status\n\n${fence("Hi [Name]")}`,
        `# !!!\n\n${fence("Hi [Name]")}`,
      ].join("\n"),
    );
    expect(ts.map((t) => t.name)).toEqual([
      "update-status",
      "a-very-long-heading-about-the-deployment",
      "update-status-2",
      "message",
    ]);
    expect(ts.map((t) => t.title)).toEqual(["Update: Status!", long, "Update  Status", "!!!"]);
    expect(ts.map((t) => t.line)).toEqual([3, 9, 15, 21]);
    // Before any heading: the runbook's own section.
    const [first] = templates(fence("Hi [Name]"));
    expect([first?.name, first?.title, first?.moment]).toEqual(["runbook", "Runbook", "other"]);
  });

  it("takes the subject line, trimmed, when there is one", () => {
    const [a, b] = templates(
      `# N\n\n${fence("subject :  Release tonight  \nHi [Name]")}\n${fence("Hi [Name]")}`,
    );
    expect(a?.subject).toBe("Release tonight");
    expect(b && "subject" in b).toBe(false);
    // Only a line that starts with it; none is needed after the colon.
    const [c, d] = templates(
      `# N\n\n${fence("Subject:Release")}\n${fence("Hi [Name], the subject: rollout")}`,
    );
    expect([c?.subject, d?.subject]).toEqual(["Release", undefined]);
  });

  it("only the runbook's message blocks are templates: a command block is not", () => {
    const ts = templates(`# Rollback\n\n\`\`\`bash\necho "[Name]"\n\`\`\`\n\n${fence("Hi [Name]")}`);
    expect(ts.map((t) => [t.name, t.line])).toEqual([["rollback", 7]]);
  });

  it("reads the moment from the nearest heading, then the subject, then the parents' headings", () => {
    const moment = (heading: string, subject = "") =>
      templates(`# ${heading}\n\n${fence(`${subject ? `Subject: ${subject}\n` : ""}Hi [Name]`)}`)[0]!.moment;
    const cases: [string, string][] = [
      ["Rollback Decision", "rollback"],
      ["Roll back notice", "rollback"],
      ["Critical Issue", "incident"],
      ["Incident bridge", "incident"],
      ["Urgent", "incident"],
      ["Outage", "incident"],
      ["Emergency", "incident"],
      ["Pre-Deployment", "pre"],
      ["Pre deployment", "pre"],
      ["Before the window", "pre"],
      ["Preparation", "pre"],
      ["Notification", "pre"],
      ["During Deployment", "during"],
      ["In progress", "during"],
      ["Status Update", "during"],
      ["Progress", "during"],
      ["Post-Deployment", "post"],
      ["Post deploy", "post"],
      ["Complete", "post"],
      ["After the release", "post"],
      ["We are live", "post"],
      ["Presentation", "other"],
      ["Postmortem", "other"],
      ["Delivered", "other"],
      ["Announcements", "other"],
    ];
    expect(cases.map(([h]) => [h, moment(h)])).toEqual(cases);
    expect(moment("Announcements", "Reminder: T-1h")).toBe("pre");
    expect(moment("Announcements", "Done at T+30")).toBe("post");
    expect(moment("Incident Update", "Rollback started")).toBe("incident");
    // Nearest first: a rollback message under an incident heading is a rollback message.
    expect(templates(`# Incident\n\n## Rollback Decision\n\n${fence("Hi [Name]")}`)[0]?.moment).toBe(
      "rollback",
    );
    expect(templates(`# Rollback\n\n## Message\n\n${fence("Hi [Name]")}`)[0]?.moment).toBe("rollback");
    // Three headings at most: a great-grandparent is too far away to say what a message is for.
    const deep = `# Rollback\n\n## A\n\n### B\n\n#### C\n\n${fence("Hi [Name]")}`;
    expect(templates(deep)[0]?.moment).toBe("other");
    expect(templates(`# Rollback\n\n## A\n\n### B\n\n${fence("Hi [Name]")}`)[0]?.moment).toBe("rollback");
  });
});

describe("a slot", () => {
  it("is labelled by its line's label, else its own words; its line is the runbook's", () => {
    const [t] = templates(
      `# M\n\n${fence("Hello\n  - Next Milestone : [Description] [x y]\n* ETA: [Time]\n[Phase]")}`,
    );
    expect(t?.slots).toEqual([
      { text: "[Description]", label: "Next Milestone", line: 5, kind: "milestone" },
      { text: "[x y]", label: "Next Milestone", line: 5, kind: "milestone" },
      { text: "[Time]", label: "ETA", line: 6, kind: "next-update" },
      { text: "[Phase]", label: "Phase", line: 7, kind: "phase" },
    ]);
    // A label has no digits; a slot starts with a letter.
    expect(templates(`# M\n\n${fence("Ref 1: [A/B]\n[1] [ Impact ] [Phase/Step]")}`)[0]?.slots).toEqual([
      { text: "[A/B]", label: "A/B", line: 4, options: ["A", "B"] },
      { text: "[Phase/Step]", label: "Phase/Step", line: 5, options: ["Phase", "Step"] },
    ]);
  });

  it("is a status word to pick when every option is one golive knows, issues when it offers None", () => {
    expect(kind("Status: [GREEN / YELLOW / RED]")).toBe("choice");
    expect(templates(`# M\n\n${fence("Status: [GREEN / RED]")}`)[0]?.slots[0]?.options).toEqual([
      "GREEN",
      "RED",
    ]);
    expect(kind("Status: [None/Minor/Major]")).toBe("choice");
    expect(kind("Issues: [None/Minor/Major]")).toBe("issues");
    expect(kind("Issue: [none/other]")).toBe("issues");
    expect(kind("Issues: [Minor/Major]")).toBe("choice");
    expect(kind("Status: [GREEN/MAYBE]")).toBeUndefined();
  });

  it("is the lead who signs, not someone else named on a line", () => {
    expect(kinds("[Name] [Lead] [Your Name] [Deployment Lead] [Sender]")).toEqual(Array(5).fill("lead"));
    expect(kinds("From: [Name]\nSigned: [Your name]\nLead: [Name]\nSender: [Name]")).toEqual(
      Array(4).fill("lead"),
    );
    expect(kinds("On-Call: [Name]\n[Name of service]\nOwner: [Lead]")).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("is known by its words or its label: each kind golive fills", () => {
    const cases: [string, string | undefined][] = [
      ["[Version]", "version"],
      ["Version: [number]", "version"],
      ["[Version number]", undefined],
      ["[Build version]", undefined],
      ["[Phase Name]", "phase"],
      ["[Current Phase]", "phase"],
      ["[Phase owner]", undefined],
      ["[Next phase]", "next-phase"],
      ["[Next phase owner]", undefined],
      ["[Phase after next phase]", undefined],
      ["Next: [Description]", "next-phase"],
      ["Next: [Phase]", "phase"],
      ["Next: [Owner]", undefined],
      ["Later: [Description]", undefined],
      ["[Upcoming milestone]", "milestone"],
      ["Milestone: [Description]", "milestone"],
      ["[Time elapsed]", "elapsed"],
      ["[Total time]", "elapsed"],
      ["[Duration]", "elapsed"],
      ["Duration: [Time]", "elapsed"],
      ["Duration: [Owner]", undefined],
      ["[Additional details]", "details"],
      ["[Details]", "details"],
      ["[Key metrics]", "details"],
      ["[Reason]", "reason"],
      ["[Reason code]", undefined],
      ["[Delay reason]", undefined],
      ["Issue: [Description]", "issue"],
      ["Issue: [Issue summary]", "issue"],
      ["Problem: [Description]", undefined],
      ["Issue: [Owner]", undefined],
      ["[Date]", "t0-date"],
      ["[Date of birth]", undefined],
      ["[Start]", "t0-time"],
      ["Timeline: [Time]", "t0-time"],
      ["Start: [Time]", "t0-time"],
      ["Window: [Time]", "t0-time"],
      ["Subject: Release at [Time]", "t0-time"],
      ["Rollback ETA: [Time]", "rollback-eta"],
      ["Roll back ETA: [Time]", "rollback-eta"],
      ["Rollback: [Time]", undefined],
      ["Rollback ETA: [Minutes]", undefined],
      ["ETA: [Owner]", undefined],
      ["Subject: Release of [Service]", undefined],
      ["[Name ]", "lead"],
      ["ETA: [Time]", "next-update"],
      // A numbered item's label is its label, as a bulleted one's is.
      ["1. ETA: [Time]", "next-update"],
      ["12) Next update: [Time]", "next-update"],
      ["- ETA: [Time]", "next-update"],
      ["1.ETA: [Time]", "next-update"],
      ["1234. ETA: [Time]", "now-time"],
      ["a. ETA: [Time]", "now-time"],
      ["Next update: [Time]", "next-update"],
      ["[Next update time]", "next-update"],
      ["[Time]", "now-time"],
      ["Owner: [Time]", undefined],
      ["[Start time]", undefined],
    ];
    expect(cases.map(([line]) => [line, kind(line)])).toEqual(cases);
  });
});

describe("the status words golive knows", () => {
  it("reads each word, whatever its case, spaces or hyphens, as the state it stands for", () => {
    const words: Record<string, string[]> = {
      bad: [
        "RED",
        "Issue",
        "issues",
        "fail",
        "Failed",
        "FAILURE",
        "major",
        "critical",
        "down",
        "blocked",
        "rolled back",
      ],
      warn: ["yellow", "Amber", "minor", "degraded", "at-risk", "At Risk", "warning"],
      progress: ["in progress", "IN_PROGRESS", "in-progress", "ongoing", "pending"],
      ok: ["green", "success", "None", "ok", "done", "complete", "completed", "on track"],
    };
    for (const [level, ws] of Object.entries(words)) expect(ws.map(choiceLevel)).toEqual(ws.map(() => level));
    expect(["maybe", "reds", "not green", "in  progress", "", "OKAY"].map(choiceLevel)).toEqual([
      undefined,
      undefined,
      undefined,
      "progress",
      undefined,
      undefined,
    ]);
    // The whole option is the word: "Unblocked" is not bad, "No warning" and "Warnings" not a warning.
    const whole = ["Unblocked", "No warning", "Warnings", "Not pending", "Pending review"];
    expect(whole.map(choiceLevel)).toEqual(whole.map(() => undefined));
  });
});

describe("what the lead must type", () => {
  it("one warning per template at its first open slot, naming the key --set takes", () => {
    const rb = runbook(
      [
        `# One\n\n${fence("Impact: [Description]\nBy [Name]")}`,
        `# Two\n\n${fence("Impact: [Description]\nAction: [Description]")}`,
        `# Three\n\n${fence("Signed by [Name]")}`,
      ].join("\n"),
    );
    expect(templateWarnings(rb, "go.md")).toEqual([
      'go.md:4: message template "one": golive cannot fill Impact (line 4) — the lead types it (cockpit m, or golive message one --set "Impact=…")',
      'go.md:11: message template "two": golive cannot fill Impact (line 11), Action (line 12) — the lead types them (cockpit m, or golive message two --set "Impact=…")',
    ]);
  });

  it("a slot's key: its label when unique, else its own words when unique, else its number", () => {
    const keys = (body: string) => {
      const t = templates(`# M\n\n${fence(body)}`)[0]!;
      return t.slots.map((_, i) => slotKey(t, i));
    };
    expect(keys("Impact: [Description]\nAction: [Description]")).toEqual(["Impact", "Action"]);
    expect(keys("Window: [Start] - [End]")).toEqual(["Start", "End"]);
    expect(keys("Impact: [Description]\n[Impact]")).toEqual(["Description", "#2"]);
    expect(keys("Impact: [Description]\nNote: [Impact]")).toEqual(["Impact", "Note"]);
    expect(keys("Impact: [Description]\nNote: [Impact] [Impact]")).toEqual(["Description", "#2", "#3"]);
    expect(keys("Window: [Start] [Start]")).toEqual(["#1", "#2"]);
    expect(keys("Window: [Start]\nStart: [Time]\n[Window]")).toEqual(["#1", "Start", "#3"]);
  });
});
