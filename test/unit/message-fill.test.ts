/**
 * A runbook's message template filled from the session (message-fill.ts): the moment the night is
 * in, which templates come first, what the lead typed winning over golive's value, a slot golive
 * cannot fill left as written, and the value made terminal-safe. Templates from a small runbook.
 */
import { describe, expect, it } from "vitest";
import type { SessionState } from "../../source/domain/events.js";
import { composeMessage, momentNow, templatesForMoment } from "../../source/domain/message-fill.js";
import { type MessageTemplate, messageTemplates } from "../../source/domain/message-templates.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const T0 = Date.parse("2026-11-23T12:00:00.000Z");
const MIN = 60_000;
const at = (m: number) => new Date(T0 + m * MIN).toISOString();
type Alert = SessionState["alerts"][number];
const alert = (severity: Alert["severity"], acknowledged = false) =>
  ({ id: "a", severity, message: "m", acknowledged, count: 1, lastSeenAt: at(0) }) as Alert;
const state = (o: Partial<SessionState> = {}) =>
  ({ lead: "ann", t0: T0, alerts: [], periods: [], weights: null, ...o }) as SessionState;

// A runbook needs one checklist item; it follows the template so the fence keeps its line.
const templates = (md: string) => messageTemplates(parseRunbook("rb.md", `${md}\n- [ ] done\n`, "x"));
const fence = (heading: string, body: string) => `## ${heading}\n\n\`\`\`\n${body}\n\`\`\`\n`;

describe("the moment the night is in", () => {
  it("a rollback (recorded, or a shift under way) comes first, then an open critical alert", () => {
    const critical = { alerts: [alert("critical")] };
    const shift = (kind: "rollback" | "auto-rollback" | "promote") =>
      ({ kind, to: { blue: 100, green: 0 }, since: at(1), seq: 3 }) as SessionState["shift"];
    expect(momentNow(state({ ...critical, rollback: { startedAt: at(1), by: "a" } }), T0)).toBe("rollback");
    expect(momentNow(state({ ...critical, shift: shift("rollback") }), T0)).toBe("rollback");
    expect(momentNow(state({ ...critical, shift: shift("auto-rollback") }), T0)).toBe("rollback");
    expect(momentNow(state({ ...critical, shift: shift("promote") }), T0)).toBe("incident");
    expect(momentNow(state({ alerts: [alert("critical", true), alert("warning")] }), T0 - MIN)).toBe("pre");
  });

  it("live green is after go-live; from T-0 or once green takes traffic it is during; before, pre", () => {
    expect(momentNow(state({ live: { at: at(50), attempt: 1 } }), T0 + 60 * MIN)).toBe("post");
    expect(momentNow(state({ live: { at: at(50), attempt: 1, endedAt: at(55) } }), T0 + 60 * MIN)).toBe(
      "during",
    );
    expect(momentNow(state(), T0)).toBe("during");
    expect(momentNow(state(), T0 - 1)).toBe("pre");
    expect(momentNow(state({ weights: { blue: 95, green: 5 } }), T0 - MIN)).toBe("during");
    expect(momentNow(state({ weights: { blue: 100, green: 0 } }), T0 - MIN)).toBe("pre");
  });

  it("the templates for the moment first, each group in the runbook's order", () => {
    const ts = [
      { name: "a", moment: "pre" },
      { name: "b", moment: "during" },
      { name: "c", moment: "pre" },
      { name: "d", moment: "other" },
    ] as MessageTemplate[];
    expect(templatesForMoment(ts, "pre").map((t) => t.name)).toEqual(["a", "c", "b", "d"]);
    expect(templatesForMoment(ts, "during").map((t) => t.name)).toEqual(["b", "a", "c", "d"]);
  });
});

describe("a template filled", () => {
  const [t] = templates(
    fence(
      "Maintenance Notice",
      [
        "Subject: Release [Version] on [Date]",
        "",
        "Window: [Start] - [End] UTC",
        "Ref [1]: [Version]",
        "Status: [GREEN/YELLOW/RED]",
        "",
        "Best regards,",
        "[Name]",
        "",
      ].join("\n"),
    ),
  );
  const fill = (typed?: Record<string, string>, s = state({ version: "2.4" })) =>
    composeMessage(t!, { s, views: [], now: T0 - 60 * MIN, user: "u" }, typed);

  it("fills what golive knows, keeps what it does not as written, and says where each came from", () => {
    const m = fill();
    expect(m.name).toBe("maintenance-notice");
    expect(m.line).toBe(3);
    expect(m.text).toBe(
      [
        "Subject: Release 2.4 on 2026-11-23",
        "",
        "Window: 12:00 - [End] UTC",
        "Ref [1]: 2.4",
        "Status: GREEN",
        "",
        "Best regards,",
        "ann",
      ].join("\n"),
    );
    expect(m.slots.map((s) => [s.text, s.from, s.value])).toEqual([
      ["[Version]", "session", "2.4"],
      ["[Date]", "session", "2026-11-23"],
      ["[Start]", "session", "12:00 UTC"],
      ["[End]", "open", undefined],
      ["[Version]", "session", "2.4"],
      ["[GREEN/YELLOW/RED]", "session", "GREEN"],
      ["[Name]", "session", "ann"],
    ]);
    // A slot golive knows but has no value for now stays open too.
    expect(fill({}, state()).slots[0]).toMatchObject({ from: "open" });
  });

  it("what the lead typed wins: by index, by key, by label or by the slot's words, any case", () => {
    const m = fill({ "#2": "tomorrow", " [end] ": "14:00", status: "AMBER" });
    expect(m.slots.map((s) => s.value)).toEqual([
      "2.4",
      "tomorrow",
      "12:00 UTC",
      "14:00",
      "2.4",
      "AMBER",
      "ann",
    ]);
    expect(m.slots.map((s) => s.from)).toEqual([
      "session",
      "lead",
      "session",
      "lead",
      "session",
      "lead",
      "session",
    ]);
    expect(m.text).toContain("Window: 12:00 - 14:00 UTC\n");
    // `[Name]` is the slot's own words; `#5` is the second `[Version]`, which shares its words.
    const n = fill({ "[Name]": "bob", "#5": "2.5" });
    expect(n.text).toContain("Ref [1]: 2.5\n");
    expect(n.text).toMatch(/Subject: Release 2\.4 on/);
    expect(n.text).toMatch(/\nbob$/);
  });

  it("a typed or recorded value never reaches the text with a live escape sequence", () => {
    const m = fill({ End: "14:00\u001b[2J" }, state({ version: "2.4\u001b]52;c;eA==\u0007", lead: "ann" }));
    expect(m.text).toContain("Window: 12:00 - 14:00\\e[2J UTC");
    expect(m.text).toContain("Release 2.4\\e]52;c;eA==\\a on");
    expect(m.slots[3]?.value).toBe("14:00\\e[2J");
    expect(m.slots[0]?.value).toBe("2.4\\e]52;c;eA==\\a");
    expect(m.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it("a value's own UTC is dropped only where the line says UTC after it", () => {
    const [u] = templates(fence("Update", "Time: [Time] UTC and [Time]\nStart: [Start]"));
    const m = composeMessage(u!, { s: state(), views: [], now: T0 + 5 * MIN, user: "u" });
    expect(m.text).toBe("Time: 12:05 UTC and 12:05 UTC\nStart: 12:00 UTC");
    const [v] = templates(fence("Update", "Times (UTC): [Time]\nNext update: [Time] UTC\nBack: [Time] UTC"));
    const handover = { phase: { section: { title: "Handover" } }, status: "due-soon", dueAt: T0 + 25 * MIN };
    const views = [handover] as unknown as Parameters<typeof composeMessage>[1]["views"];
    const n = composeMessage(
      v!,
      { s: state(), views, now: T0 + 5 * MIN, user: "u" },
      { Back: "14:00 UTC+1" },
    );
    // The deadline keeps its note; the zone the lead typed is theirs.
    expect(n.text).toBe(
      "Times (UTC): 12:05 UTC\nNext update: 12:25 (Handover starts) UTC\nBack: 14:00 UTC+1 UTC",
    );
  });
});
