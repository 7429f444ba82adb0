import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../source/domain/errors.js";
import { phasesOf } from "../../source/domain/phases.js";
import { effectiveThresholds } from "../../source/domain/threshold-defaults.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { decodeRunbook, MAX_RUNBOOK_BYTES, readRunbookFile } from "../../source/runbook/read.js";
import { ROOT, tempDir } from "../helpers/paths.js";

const FIX = join(ROOT, "test", "fixtures");

async function parseFile(file: string) {
  const { text, sha256 } = await readRunbookFile(file);
  return parseRunbook(file, text, sha256);
}

async function errorOf(file: string): Promise<string> {
  try {
    await parseFile(file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error(`${file} parsed, but should not have`);
}

describe("a runbook shaped differently (Setext headings, CRLF, ordered tasks, annotations)", () => {
  it("parses phases, items, fields, table checkpoints and annotations", async () => {
    const rb = await parseFile(join(FIX, "third-runbook.md"));
    expect(rb.title).toBe("Payments DB Migration");
    expect(
      phasesOf(rb).map((p) => [
        p.section.title,
        p.section.time?.kind === "offset" ? p.section.time.minutes : null,
        p.items.length,
      ]),
    ).toEqual([
      ["Freeze window (T-2h)", -120, 4],
      ["T+0 Cutover", 0, 4],
      ["Verification", 30, 2],
    ]);
    expect(rb.sections.find((s) => s.title === "T+0 Cutover")!.durationMinutes).toBe(45);
    const snapshot = rb.items.find((i) => i.text === "Snapshot taken before freeze")!;
    expect(snapshot.checkedInSource).toBe(true);
    expect(rb.items.filter((i) => i.parent === snapshot.id)).toHaveLength(2);
    expect(rb.fields.find((f) => f.label === "Snapshot size")!.unit).toBe("GB");
    expect(rb.fields.find((f) => f.label === "Replication lag recorded")).toMatchObject({
      unit: "s",
      target: "< 5s",
    });
    expect(rb.canary.steps.map((s) => [s.green, s.dwellMinutes])).toEqual([
      [5, 15],
      [25, 15],
      [100, 15],
    ]);
    const flag = rb.items.find((i) => i.text.startsWith("Flip"))!;
    expect(flag.binding).toMatchObject({ kind: "command" });
    expect(rb.commands.find((c) => c.item === flag.id)!.lang).toBe("sh");
    expect(rb.items.find((i) => i.text.startsWith("Verify health"))!.binding).toEqual({
      kind: "http",
      args: { url: "http://127.0.0.1:9/health", expect: "200" },
      line: 25,
    });
    const table = rb.tables[0]!;
    expect(table.checkpoints!.map((c) => c.offsetMinutes)).toEqual([10, 20]);
    expect(rb.fields.find((f) => f.id === table.checkpoints![0]!.fields.status)!.options).toEqual([
      "Pass",
      "Fail",
    ]);
    const th = effectiveThresholds(rb.thresholds);
    expect(th.rollback.errorRate).toMatchObject({ value: 2, source: "runbook" });
    expect(th.rollback.latencyP95).toMatchObject({ value: 250 });
    expect(th.go.errorRate).toMatchObject({ value: 0.5 });
  });
});

describe("runbooks that cannot be understood get file:line:col and what was expected", () => {
  const bad = (name: string) => join(FIX, "bad", name);
  it.each([
    ["empty.md", /empty\.md: is empty; expected a Markdown runbook/],
    ["blank.md", /blank\.md: is empty/],
    ["binary.md", /binary\.md:2:8: binary data \(NUL byte\)/],
    ["latin1.md", /latin1\.md:2:10: invalid UTF-8/],
    ["no-items.md", /no-items\.md:1:1: expected at least one checklist item/],
    [
      "unknown-annotation.md",
      /unknown-annotation\.md:5:13: unknown golive annotation "chek"; expected check, canary or time/,
    ],
    ["missing-arg.md", /missing-arg\.md:5:13: check http needs url=/],
    ["bad-time.md", /bad-time\.md:5:1: expected a time such as "T-30 minutes"/],
    [
      "check-outside-item.md",
      /check-outside-item\.md:3:1: a golive check annotation must sit inside a checklist item/,
    ],
    [
      "command-without-code.md",
      /command-without-code\.md:3:1: check command on i1 needs a runnable code block/,
    ],
    ["bad-canary.md", /bad-canary\.md:3:1: canary steps must rise and end at 100/],
  ])("%s", async (name, expected) => {
    expect(await errorOf(bad(name))).toMatch(expected);
  });

  it("refuses a huge file before reading it whole", () => {
    const big = new Uint8Array(MAX_RUNBOOK_BYTES + 1).fill(0x61);
    expect(() => decodeRunbook("huge.md", big)).toThrow(/^huge\.md:1:1: is \d+ bytes; runbooks over/);
    const file = join(tempDir(), "huge.md");
    writeFileSync(file, big);
    return expect(readRunbookFile(file, "huge.md")).rejects.toThrow(
      /^huge\.md:1:1: is \d+ bytes; runbooks over/,
    );
  });

  it("says when the file is missing or a directory", async () => {
    await expect(readRunbookFile(join(FIX, "nope.md"))).rejects.toThrow(/no such runbook file/);
    await expect(readRunbookFile(FIX)).rejects.toThrow(/is a directory/);
  });
});
