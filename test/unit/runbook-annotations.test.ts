/**
 * golive's HTML-comment annotations read on their own: each directive's exact result, every check
 * kind's required and allowed arguments, quoting, and each refusal in the words the runbook's author
 * sees (the parser adds file:line:col). In memory, for runbook-annotations' mutants.
 */
import { describe, expect, it } from "vitest";
import { isGoliveComment, parseAnnotation } from "../../source/runbook/annotations.js";

const KINDS =
  "command, http, ecs-service, target-health, listener, k8s-api, k8s-nodes, k8s-deployments, k8s-pods, k8s-events, baseline";

describe("isGoliveComment", () => {
  it.each([
    ["<!-- golive check http url=x -->", true],
    ["  <!--golive-->  ", true],
    ["<!--\tgolive time T-1h -->", true],
    ["<!-- goliveX -->", false],
    ["<!-- not golive -->", false],
    ["x <!-- golive -->", false],
  ])("%j: %s", (html, yes) => {
    expect(isGoliveComment(html)).toBe(yes);
  });
});

describe("parseAnnotation: check", () => {
  it.each<[string, Record<string, string>]>([
    ["command", { timeout: "30s" }],
    ["http", { url: "https://x/health", expect: "200", timeout: "5" }],
    ["ecs-service", { service: "api-green" }],
    ["target-health", { target: "tg" }],
    ["listener", { green: "tg-green" }],
    ["k8s-api", {}],
    ["k8s-nodes", {}],
    ["k8s-deployments", { namespace: "prod", selector: "app=api" }],
    ["k8s-pods", { namespace: "prod", selector: "app=api" }],
    ["k8s-events", { namespace: "prod", since: "10m" }],
    ["baseline", {}],
  ])("%s with its arguments", (kind, args) => {
    const words = Object.entries(args).map(([k, v]) => `${k}=${v}`);
    expect(parseAnnotation(`<!-- golive check ${kind} ${words.join(" ")} -->`)).toEqual({
      directive: "check",
      kind,
      args,
    });
  });

  it.each([
    ["http", "url", "url, expect, timeout"],
    ["ecs-service", "service", "service"],
    ["target-health", "target", "target"],
  ])("%s needs %s=", (kind, required, allowed) => {
    expect(() => parseAnnotation(`<!-- golive check ${kind} -->`)).toThrow(
      `check ${kind} needs ${required}=...`,
    );
    expect(() => parseAnnotation(`<!-- golive check ${kind} ${required}= -->`)).toThrow(
      `check ${kind} needs ${required}=...`,
    );
    expect(() => parseAnnotation(`<!-- golive check ${kind} ${required}=a bogus=1 -->`)).toThrow(
      new Error(`check ${kind} has no argument "bogus"; expected: ${allowed}`),
    );
  });

  it.each([
    ["command", "; expected: timeout"],
    ["listener", "; expected: green"],
    ["k8s-deployments", "; expected: namespace, selector"],
    ["k8s-pods", "; expected: namespace, selector"],
    ["k8s-events", "; expected: namespace, since"],
    ["k8s-api", ""],
    ["k8s-nodes", ""],
    ["baseline", ""],
  ])("%s refuses an argument it has not", (kind, expected) => {
    expect(() => parseAnnotation(`<!-- golive check ${kind} url=x -->`)).toThrow(
      new Error(`check ${kind} has no argument "url"${expected}`),
    );
  });

  it("arguments: quoted values with escapes, an = in a value, empty values", () => {
    expect(
      parseAnnotation('<!-- golive check http url="https://x/a b?q=\\"1\\"" expect=a=b timeout= -->'),
    ).toEqual({
      directive: "check",
      kind: "http",
      args: { url: 'https://x/a b?q="1"', expect: "a=b", timeout: "" },
    });
    expect(() => parseAnnotation('<!--golive check http url=""x -->')).toThrow(
      new Error("check http needs url=..."),
    );
    expect(() => parseAnnotation('<!--golive check http url="a"x -->')).toThrow(
      new Error('unexpected "x"; arguments are key=value'),
    );
  });

  it("an unknown or missing kind lists the kinds; a positional word is refused", () => {
    expect(() => parseAnnotation("<!-- golive check -->")).toThrow(
      new Error(`unknown check ""; expected one of: ${KINDS}`),
    );
    expect(() => parseAnnotation("<!-- golive check ping -->")).toThrow(
      new Error(`unknown check "ping"; expected one of: ${KINDS}`),
    );
    expect(parseAnnotation("<!-- golive check url=x http -->")).toEqual({
      directive: "check",
      kind: "http",
      args: { url: "x" },
    });
    expect(() => parseAnnotation('<!-- golive check http url=x "extra words" -->')).toThrow(
      new Error('unexpected "extra words"; arguments are key=value'),
    );
    expect(() => parseAnnotation("<!-- golive check http url=x =y -->")).toThrow(
      new Error('unexpected "=y"; arguments are key=value'),
    );
  });
});

describe("parseAnnotation: canary", () => {
  it.each([
    ["steps=10,50,100 dwell=10m", { directive: "canary", steps: [10, 50, 100], dwellMinutes: 10 }],
    ['steps="5%, 25 %,100%"', { directive: "canary", steps: [5, 25, 100] }],
    ["steps=100", { directive: "canary", steps: [100] }],
    ["steps=1,100", { directive: "canary", steps: [1, 100] }],
    ['dwell="1h 30m"', { directive: "canary", dwellMinutes: 90 }],
    ["dwell=0m", { directive: "canary", dwellMinutes: 0 }],
    ["", { directive: "canary" }],
  ])("%j", (args, expected) => {
    expect(parseAnnotation(`<!-- golive canary ${args} -->`)).toEqual(expected);
  });

  it("a step's % and blanks around it", () => {
    expect(parseAnnotation('<!-- golive canary steps="5, 25% ,100" -->')).toEqual({
      directive: "canary",
      steps: [5, 25, 100],
    });
  });

  it.each(["%5,100", "0,100", "10,101", "10,x,100", "10.5,100", "", "10,,100"])(
    "steps=%j are no percentages",
    (v) => {
      expect(() => parseAnnotation(`<!-- golive canary steps="${v}" -->`)).toThrow(
        new Error(`canary steps must be percentages 1-100 separated by commas, got "${v}"`),
      );
    },
  );

  it.each(["50,10,100", "10,10,100", "10,50", "100,100"])("steps=%j do not rise to 100", (v) => {
    expect(() => parseAnnotation(`<!-- golive canary steps=${v} -->`)).toThrow(
      new Error(`canary steps must rise and end at 100, got "${v}"`),
    );
  });

  it("a dwell that is no duration, an unknown argument, a positional word", () => {
    expect(() => parseAnnotation("<!-- golive canary dwell=soon -->")).toThrow(
      new Error('canary dwell must be a duration like 10m, got "soon"'),
    );
    // A sign, or words beside the number, are not read past: -5m was a 5-minute dwell.
    for (const v of ["-5m", "5m or so", "about 5m", "+10m"])
      expect(() => parseAnnotation(`<!-- golive canary dwell="${v}" -->`)).toThrow(
        new Error(`canary dwell must be a duration like 10m, got "${v}"`),
      );
    expect(() => parseAnnotation("<!-- golive canary steps=100 pace=2 -->")).toThrow(
      new Error('canary has no argument "pace"; expected steps=, dwell='),
    );
    expect(() => parseAnnotation("<!-- golive canary steps=100 fast -->")).toThrow(
      new Error('unexpected "fast"; arguments are key=value'),
    );
  });
});

describe("parseAnnotation: time and the envelope", () => {
  it("time: the marker's words joined", () => {
    expect(parseAnnotation("<!-- golive time T-30m -->")).toEqual({ directive: "time", marker: "T-30m" });
    expect(parseAnnotation('<!--golive time  "14:30 UTC"   on day 2 -->')).toEqual({
      directive: "time",
      marker: "14:30 UTC on day 2",
    });
    expect(() => parseAnnotation("<!-- golive time -->")).toThrow(
      new Error("time needs a marker, e.g. <!-- golive time T-30m -->"),
    );
    expect(() => parseAnnotation("<!-- golive time at=T-1h -->")).toThrow(
      new Error("time needs a marker, e.g. <!-- golive time T-30m -->"),
    );
  });

  it("refusals of the envelope and the directive", () => {
    const unclosed = new Error(
      "expected a golive annotation closed on the same comment: <!-- golive ... -->",
    );
    expect(() => parseAnnotation("<!-- golive time T-1h")).toThrow(unclosed);
    expect(() => parseAnnotation("<!-- golive time T-1h --> trailing")).toThrow(unclosed);
    expect(() => parseAnnotation("<!-- golive time T-1h -->x")).toThrow(unclosed);
    expect(() => parseAnnotation("x <!-- golive time T-1h -->")).toThrow(unclosed);
    expect(() => parseAnnotation("<!-- golivetime T-1h -->")).toThrow(unclosed);
    expect(parseAnnotation("  <!--golive time T-1h-->\n  ")).toEqual({ directive: "time", marker: "T-1h" });
    expect(parseAnnotation("<!-- golive\ntime\nT-1h\n-->")).toEqual({ directive: "time", marker: "T-1h" });
    expect(() => parseAnnotation("<!-- golive -->")).toThrow(
      new Error("empty golive annotation; expected check, canary or time"),
    );
    expect(() => parseAnnotation("<!-- golive   \t -->")).toThrow(
      new Error("empty golive annotation; expected check, canary or time"),
    );
    expect(() => parseAnnotation("<!-- golive bind http -->")).toThrow(
      new Error('unknown golive annotation "bind"; expected check, canary or time'),
    );
  });
});
