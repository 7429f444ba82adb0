/**
 * runbook/plan.ts read word by word: the modify-listener calls' weights and waits, the route items'
 * edges, the annotations it skips, and the words that never state a plan. Stryker left these open
 * with runbook-plan.test.ts alone (plan.ts:201-375, 67 %); plan-edges.test.ts holds the rest.
 */
import type { Root } from "mdast";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../source/runbook/markdown.js";
import { readCanaryPlan } from "../../source/runbook/plan.js";
import { planRows as rows } from "../helpers/plan-rows.js";

const plan = (text: string) => readCanaryPlan(parseMarkdown(text));
const rollout = (...lines: string[]) => plan(["# Rollout", "", ...lines, ""].join("\n"));
/** A code block (from line 3) of these lines. */
const code = (...lines: string[]) => rollout("```sh", ...lines, "```");
const route = (green: number) => `- [ ] Route ${green}% of traffic to green`;
const greens = (p: ReturnType<typeof plan>) => p.steps.map((s) => s.green);
/** Each step's dwell in a "Rollout" section of these lines followed by two "Monitor for" items. */
const dwellsBeforeMonitors = (...lines: string[]) =>
  rollout(...lines, "", "- Monitor for 11 min", "- Monitor for 12 min").steps.map((s) => s.dwellMinutes);
const stated = (p: ReturnType<typeof plan>) => p.steps[0]!.stepFrom.from;
const ML = "aws elbv2 modify-listener --listener-arn $L --default-actions";
const json = (...groups: string[]) =>
  `${ML} '[{"Type":"forward","ForwardConfig":{"TargetGroups":[${groups.join(",")}]}}]'`;
const TO_GREEN = `${ML} Type=forward,TargetGroupArn=arn:green`;

describe("the wait after a modify-listener call", () => {
  it("sleep in seconds, minutes or hours, after any blanks; a sleep of 0 is no wait", () => {
    const waiting = (wait: string) =>
      code(
        json('{"TargetGroupArn":"arn:green","Weight":10}', '{"TargetGroupArn":"arn:blue","Weight":90}'),
        wait,
        TO_GREEN,
      );
    expect(rows(waiting("sleep  300").steps)[0]).toEqual([10, 5, 4, 5]);
    expect(rows(waiting("sleep 5m").steps)[0]).toEqual([10, 5, 4, 5]);
    expect(rows(waiting("sleep 1h").steps)[0]).toEqual([10, 60, 4, 5]);
    expect(rows(waiting("sleep 120s").steps)[0]).toEqual([10, 2, 4, 5]);
    // A zero wait is read past: the next line's wait is the step's.
    const q = code(
      json('{"TargetGroupArn":"arn:green","Weight":10}', '{"TargetGroupArn":"arn:blue","Weight":90}'),
      "sleep 0",
      "sleep 240",
      TO_GREEN,
    );
    expect(rows(q.steps)[0]).toEqual([10, 4, 4, 6]);
  });

  it("a comment saying the wait counts, one saying 'every' does not; the line's text is trimmed and cut at 80", () => {
    const first = json(
      '{"TargetGroupArn":"arn:green","Weight":10}',
      '{"TargetGroupArn":"arn:blue","Weight":90}',
    );
    expect(rows(code(first, "# watch for 15 minutes", TO_GREEN).steps)[0]).toEqual([10, 15, 4, 5]);
    const every = code(first, "# monitor every 5 min for 15 minutes", TO_GREEN);
    expect(every.steps[0]!.dwellFrom.from).toBe("default");
    const long = `  sleep 600 ${"#".repeat(100)}`;
    const p = code(first, long, TO_GREEN);
    expect(p.steps[0]!.dwellFrom).toEqual({ from: "runbook", line: 5, text: long.trim().slice(0, 80) });
  });

  it("a first step without a wait keeps the default; a later one keeps the wait before it", () => {
    const p = code(
      json('{"TargetGroupArn":"arn:green","Weight":10}', '{"TargetGroupArn":"arn:blue","Weight":90}'),
      json('{"TargetGroupArn":"arn:green","Weight":50}', '{"TargetGroupArn":"arn:blue","Weight":50}'),
      "sleep 300",
      TO_GREEN,
    );
    const d = p.steps[0]!.dwellMinutes;
    expect(rows(p.steps)).toEqual([
      [10, d, 4, "default"],
      [50, 5, 5, 6],
      [100, 5, 7, 6],
    ]);
  });
});

describe("green's share in a modify-listener call", () => {
  const share = (...groups: string[]) => greens(code(json(...groups), TO_GREEN))[0];
  it("by weight, whatever the order of the keys or the blanks around them", () => {
    expect(
      share('{"Weight":75,"TargetGroupArn":"arn:blue"}', '{"Weight":25,"TargetGroupArn":"arn:green"}'),
    ).toBe(25);
    expect(
      share(
        '{"TargetGroupArn" : "arn:blue", "Weight" : 95}',
        '{"TargetGroupArn" : "arn:green", "Weight" : 5}',
      ),
    ).toBe(5);
    // The CLI's shorthand: no quotes, no blanks.
    const p = code(
      `${ML} Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=arn:blue,Weight=90},{TargetGroupArn=arn:green,Weight=10}]}`,
      TO_GREEN,
    );
    expect(greens(p)).toEqual([10, 100]);
  });

  it("green is the group named green, else the first not named blue; a group without a weight weighs 1", () => {
    expect(
      share('{"TargetGroupArn":"arn:tg-a","Weight":30}', '{"TargetGroupArn":"arn:tg-green","Weight":70}'),
    ).toBe(70);
    expect(
      share('{"TargetGroupArn":"arn:tg-blue","Weight":90}', '{"TargetGroupArn":"arn:tg-new","Weight":10}'),
    ).toBe(10);
    expect(
      share(
        '{"TargetGroupArn":"arn:tg-blue"}',
        '{"TargetGroupArn":"arn:tg-green"}',
        '{"TargetGroupArn":"arn:tg-blue2"}',
      ),
    ).toBe(33);
  });

  it("a call whose share cannot be read is not a step: all weights 0, no target group, a group without an ARN", () => {
    const mid = (call: string) =>
      greens(
        code(
          json('{"TargetGroupArn":"arn:green","Weight":10}', '{"TargetGroupArn":"arn:blue","Weight":90}'),
          call,
          TO_GREEN,
        ),
      );
    expect(
      mid(json('{"TargetGroupArn":"arn:green","Weight":0}', '{"TargetGroupArn":"arn:blue","Weight":0}')),
    ).toEqual([10, 100]);
    expect(mid(`${ML.replace("--default-actions", "--certificates CertificateArn=arn:cert")}`)).toEqual([
      10, 100,
    ]);
    expect(
      mid(json('{"TargetGroupArn":"arn:blue","Weight":1}', '{"Note":"TargetGroupArn","Weight":1}')),
    ).toEqual([10, 50, 100]);
  });

  it("a single forward: quoted or spaced, to green is 100 %, to blue 0 % (which no plan holds)", () => {
    const first = json(
      '{"TargetGroupArn":"arn:green","Weight":40}',
      '{"TargetGroupArn":"arn:blue","Weight":60}',
    );
    expect(greens(code(first, `${ML} Type=forward,"TargetGroupArn"="arn:green"`))).toEqual([40, 100]);
    expect(greens(code(first, `${ML} 'TargetGroupArn = arn:green'`))).toEqual([40, 100]);
    expect(stated(code(first, `${ML} Type=forward,TargetGroupArn=arn:blue`, TO_GREEN))).toBe("default");
  });

  it("only modify-listener calls: another command naming a target group before them is not a step", () => {
    const first = json(
      '{"TargetGroupArn":"arn:green","Weight":10}',
      '{"TargetGroupArn":"arn:blue","Weight":90}',
    );
    expect(
      greens(code("aws elbv2 create-rule --actions Type=forward,TargetGroupArn=arn:green", first, TO_GREEN)),
    ).toEqual([10, 100]);
    expect(
      greens(code("./ops_modify-listener Type=forward,TargetGroupArn=arn:green", first, TO_GREEN)),
    ).toEqual([10, 100]);
  });

  it("each step keeps the call's first line, cut at 80; a single call is no plan", () => {
    const p = code(
      json('{"TargetGroupArn":"arn:green","Weight":10}', '{"TargetGroupArn":"arn:blue","Weight":90}'),
      TO_GREEN,
    );
    expect(p.steps.map((s) => s.stepFrom.from === "runbook" && s.stepFrom.text)).toEqual([
      'modify-listener --listener-arn $L --default-actions \'[{"Type":"forward","Forward',
      "modify-listener --listener-arn $L --default-actions Type=forward,TargetGroupArn=",
    ]);
    expect(stated(code(TO_GREEN))).toBe("default");
  });
});

describe("route items", () => {
  it("a dwell in a step's own item is that step's", () => {
    const p = rollout(
      `${route(10)}, then monitor for 5 minutes`,
      `${route(50)}, then monitor for 7 minutes`,
      route(100),
    );
    expect(rows(p.steps).map((r) => r[1])).toEqual([5, 7, 7]);
  });

  it("a single dwell before the items is every step's", () => {
    expect(rows(rollout("Monitor for 6 minutes at each step.", "", route(10), route(100)).steps)).toEqual([
      [10, 6, 5, 3],
      [100, 6, 6, 3],
    ]);
  });

  it("a step at or below the last starts a new list; the first list that is a plan is followed", () => {
    // (golive's default is 10 → 50 → 100: these steps are not it.)
    const twice = rollout(route(20), route(60), route(100), route(100));
    expect([greens(twice), stated(twice)]).toEqual([[20, 60, 100], "runbook"]);
    const p = rollout(route(10), route(20), route(50), route(100), route(30), route(100));
    expect(greens(p)).toEqual([10, 20, 50, 100]);
    expect(p.warnings.map((w) => w.line)).toEqual([7]);
  });

  it("'send all traffic' ends a list only as a step of its own; an item with two % is no step", () => {
    const p = rollout(
      route(10),
      "- [ ] Route 50% of traffic to green, then send all requests to green",
      route(100),
    );
    expect(greens(p)).toEqual([10, 50, 100]);
    expect(p.warnings).toEqual([]);
    expect(stated(rollout(`${route(10)}; abort above 2% errors`, route(100)))).toBe("default");
    expect(stated(rollout(route(100)))).toBe("default");
  });

  it("items before any heading; an item's text trimmed and cut at 80; 1 % is a step", () => {
    const long = `Route 1% of traffic to green ${"and watch the dashboards ".repeat(4)}`;
    const p = plan(
      [
        "-   [ ]  Route 10% of traffic to green",
        route(100),
        "",
        "# B",
        "",
        `- [ ] ${long}`,
        route(100),
        "",
      ].join("\n"),
    );
    expect(p.steps.map((s) => s.stepFrom.from === "runbook" && s.stepFrom.text)).toEqual([
      "Route 10% of traffic to green",
      "Route 100% of traffic to green",
    ]);
    expect(p.warnings[0]!.message).toContain("1 % → 100 % (route items) at line 6");
    const q = plan(["# B", "", `- [ ] ${long}`, route(100), ""].join("\n"));
    expect(q.steps.map((s) => s.stepFrom.from === "runbook" && s.stepFrom.text)).toEqual([
      long.trim().slice(0, 80),
      "Route 100% of traffic to green",
    ]);
  });
});

describe("annotations", () => {
  it("the first canary annotation only; other directives and malformed ones are skipped", () => {
    const p = rollout(
      "<!-- golive time T-30m -->",
      "",
      "<!-- golive canary steps=20,100 -->   ",
      "",
      "<!-- golive canary steps=5,100 -->",
      "",
      "<!-- golive canary steps=abc -->",
    );
    expect(rows(p.steps)).toEqual([
      [20, p.steps[0]!.dwellMinutes, 5, "default"],
      [100, p.steps[0]!.dwellMinutes, 5, "default"],
    ]);
    expect(p.steps[0]!.stepFrom).toEqual({
      from: "runbook",
      line: 5,
      text: "<!-- golive canary steps=20,100 -->",
    });
    expect(p.warnings).toEqual([]);
    expect(rollout("<!-- golive canary dwell=3m -->   ").steps[0]!.dwellFrom).toEqual({
      from: "runbook",
      line: 3,
      text: "<!-- golive canary dwell=3m -->",
    });
  });

  it("an annotation's steps take the dwells stated after it, one a step, not one before it", () => {
    expect(
      dwellsBeforeMonitors("Wait for 2 minutes first.", "", "<!-- golive canary steps=10,50,100 -->"),
    ).toEqual([11, 12, 12]);
  });

  it("a dwell-only annotation over the prose's dwell: no warning against the plan it adjusts", () => {
    const p = rollout(
      "Shift traffic 10% → 100%, watch for 10 minutes.",
      "",
      "<!-- golive canary dwell=9m -->",
    );
    expect(p.steps.map((s) => [s.dwellMinutes, s.dwellFrom.from === "runbook" && s.dwellFrom.line])).toEqual([
      [9, 5],
      [9, 5],
    ]);
    expect(p.warnings).toEqual([]);
  });
});

describe("two statements of one plan", () => {
  it("no dwell warning when only one of them states a dwell", () => {
    const calls = [
      json('{"TargetGroupArn":"arn:green","Weight":10}', '{"TargetGroupArn":"arn:blue","Weight":90}'),
      TO_GREEN,
    ];
    // The calls in a section of their own: there the prose's dwell is not theirs (golive's default is
    // 10 minutes, so the prose says 12).
    const prose = rollout(
      "Shift traffic 10% → 100%, watch for 12 minutes.",
      "",
      "# Calls",
      "",
      "```sh",
      ...calls,
      "```",
    );
    expect(rows(prose.steps).map((r) => r[1])).toEqual([12, 12]);
    expect(prose.warnings).toEqual([]);
    const sleeps = rollout(
      "Shift traffic 10% → 100%.",
      "",
      "```sh",
      calls[0]!,
      "sleep 300",
      calls[1]!,
      "```",
    );
    expect(sleeps.steps.map((s) => s.dwellFrom.from)).toEqual(["default", "default"]);
    expect(sleeps.warnings).toEqual([]);
  });

  it("a plan that differs names its kind; the same warning twice is given once", () => {
    const p = rollout(
      "Shift traffic 10% → 50% → 100%.",
      "",
      "```sh",
      json('{"TargetGroupArn":"arn:green","Weight":20}', '{"TargetGroupArn":"arn:blue","Weight":80}'),
      TO_GREEN,
      "```",
    );
    expect(p.warnings[0]!.message).toContain("20 % → 100 % (modify-listener) at line 6");
    const q = plan(
      [
        "# A",
        "",
        "<!-- golive canary steps=10,100 dwell=5m -->",
        "",
        "# B",
        "",
        "Shift traffic 10% → 100%.",
        "",
        route(10),
        route(100),
        "",
        "Monitor for 9 minutes.",
      ].join("\n"),
    );
    expect(q.warnings.map((w) => [w.line, w.message.slice(0, 46)])).toEqual([
      [12, "the runbook states two different dwells at 10 "],
      [12, "the runbook states two different dwells at 100"],
    ]);
  });

  it("code's steps count in document order: a dwell before a prose list is not one of its steps'", () => {
    const calls = [
      json('{"TargetGroupArn":"arn:green","Weight":50}', '{"TargetGroupArn":"arn:blue","Weight":50}'),
      json('{"TargetGroupArn":"arn:green","Weight":10}', '{"TargetGroupArn":"arn:blue","Weight":90}'),
    ];
    const prose = ["Wait for 2 minutes first.", "", "Shift traffic 10% → 50% → 100%."];
    expect(dwellsBeforeMonitors(...prose, "", "```sh", ...calls, "```")).toEqual([11, 12, 12]);
  });
});

describe("the text of a paragraph", () => {
  it("inline code and a hard break count as the words they are", () => {
    expect(greens(rollout("Shift traffic `10% → 100%`."))).toEqual([10, 100]);
    const p = rollout("Shift traffic 10% → 100% and watch each step\\", "for 12 minutes.");
    expect(p.steps.map((s) => s.dwellMinutes)).toEqual([12, 12]);
  });

  it("a tree without positions reads as line 1", () => {
    const tree: Root = {
      type: "root",
      children: [{ type: "paragraph", children: [{ type: "text", value: "Shift traffic 10% → 100%." }] }],
    };
    expect(readCanaryPlan(tree).steps.map((s) => s.stepFrom.from === "runbook" && s.stepFrom.line)).toEqual([
      1, 1,
    ]);
  });
});
