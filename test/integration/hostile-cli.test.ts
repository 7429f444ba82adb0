/**
 * Hostile data through the CLI: escape sequences in a runbook line, a note, a value, `--by` and an
 * error never reach the terminal raw; secrets written in a runbook are stored redacted, warned
 * about with file:line at `new`, and a command holding one is refused at `run`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { terminalLine, terminalText } from "../../source/domain/sanitize.js";
import { SessionStore } from "../../source/session/store.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

const OSC52 = "\u001b]52;c;cHduZWQ=\u0007";
const TITLE = "\u001b]0;owned\u0007";
const CLEAR = "\u001b[2J";
/** Every byte that may not reach a terminal from data (newline and tab excepted). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("the terminal sanitizer", () => {
  it("shows escape sequences, C1 controls, DEL and bidi overrides visibly", () => {
    expect(terminalText(`a${OSC52}b`)).toBe("a\\e]52;c;cHduZWQ=\\ab");
    expect(terminalText(`${CLEAR}x\u009b31m\u007f\u202eevil`)).toBe("\\e[2Jx\\x9b31m\\x7f\\u202eevil");
    expect(terminalText("line 1\n\tline 2\r")).toBe("line 1\n\tline 2\\r");
    expect(terminalLine("a\tb\nc")).toBe("a b\\x0ac");
    expect(terminalLine("a\nb", true)).toBe("a\nb");
  });
});

describe("nothing from data reaches the terminal raw (CLI)", () => {
  it("status, list, new, check, note, errors and --by", async () => {
    const sessions = tempDir("hostile-cli-");
    const file = join(sessions, "evil.md");
    writeFileSync(
      file,
      `# Evil ${TITLE}release\n\n## Prep (T-30 minutes)\n\n- [ ] Deploy ${OSC52} now ${CLEAR}\n- [ ] Tag: ________\n`,
    );
    const env = { GOLIVE_USER: `mallory${TITLE}` };
    const outputs: string[] = [];
    const g = async (args: string[]) => {
      const r = await golive(args, { sessions, env });
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    expect((await g(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"])).code).toBe(0);
    expect((await g(["note", `look ${OSC52}`])).code).toBe(0);
    expect((await g(["record", "f1", `v1${CLEAR}`])).code).toBe(0);
    expect((await g(["check", "i1", "--by", `eve${OSC52}`])).code).toBe(0);
    const status = await g(["status", "--all"]);
    expect(status.stdout).toContain("Deploy \\e]52;c;cHduZWQ=\\a now \\e[2J");
    const list = await g(["list"]);
    expect(list.code).toBe(0);
    const bad = await g(["check", `i9${OSC52}`]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("\\e]52");
    const unknown = await g([`--${OSC52}`]);
    expect(unknown.code).toBe(2);
    for (const o of outputs) expect(o).not.toMatch(RAW);
    // The record keeps what was typed (redacted, not rewritten): only the screen is protected.
    const session = readFileSync(
      join(sessions, `${(JSON.parse((await g(["list", "--json"])).stdout)[0] as { id: string }).id}.json`),
      "utf8",
    );
    expect(session).toContain("\\u001b]52");
  });
});

describe("secrets written in a runbook", () => {
  it("are stored redacted, warned about with file:line, and their command is refused at run", async () => {
    const sessions = tempDir("hostile-secret-");
    const file = join(sessions, "secret.md");
    writeFileSync(
      file,
      [
        "# Secret runbook",
        "",
        "- [ ] Keys: AKIAIOSFODNN7EXAMPLE",
        "- [ ] Connect",
        "  ```sh",
        "  psql postgres://app:hunter2@db.internal/app -c 'select 1'",
        "  ```",
        "-----BEGIN RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEA7xplanted",
        "-----END RSA PRIVATE KEY-----",
        "- [ ] Done: ________",
        "",
      ].join("\n"),
    );
    const made = await golive(
      ["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z", "--by", "ann password=Pa55word!"],
      {
        sessions,
      },
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toContain(`golive: warning: ${file}:3: holds a secret`);
    expect(made.stderr).toMatch(
      new RegExp(`${file}:6: holds a secret.*golive run\` will refuse this command`),
    );
    expect(made.stderr).toContain(`${file}:9: holds a secret`);
    const status = JSON.parse((await golive(["status", "--json", "--all"], { sessions })).stdout);
    const id = status.session as string;
    const raw = readFileSync(join(sessions, `${id}.json`), "utf8");
    for (const secret of ["AKIAIOSFODNN7EXAMPLE", "hunter2", "MIIEowIBAAKCAQEA7xplanted", "Pa55word!"])
      expect(raw).not.toContain(secret);
    // Ids did not move: the blank after the key block is still f1 and can be recorded.
    expect((await golive(["record", "f1", "yes"], { sessions })).code).toBe(0);
    const md = await golive(["export", "--out", "-"], { sessions });
    expect(md.stdout).not.toContain("hunter2");
  });
});

describe("a Date in recorded data", () => {
  it("is kept by redaction and hashed as JSON stores it: the chain holds after a reload", async () => {
    const { store } = await newSeedSession(tempDir("hostile-date-"));
    const when = new Date("2026-11-23T12:34:56.000Z");
    await store.append("note.added", { text: "password=hunter2", when } as never, "ann");
    const file = store.file;
    await store.close();
    const again = await SessionStore.open(file, { write: false });
    const last = again.events.at(-1)! as unknown as { data: { text: string; when: string } };
    expect(last.data.when).toBe(when.toISOString());
    expect(last.data.text).not.toContain("hunter2");
    expect(checkChain(again.events)).toBeUndefined();
  });
});

describe("the Markdown record", () => {
  it("values, notes and names never become structure; the runbook's HTML, links and impostor headings stay inert", async () => {
    const sessions = tempDir("hostile-md-");
    const file = join(sessions, "md.md");
    writeFileSync(
      file,
      [
        "# Release",
        "",
        "- [ ] Tag: ________",
        "- [ ] See [the dashboard](https://evil.example/x) and https://evil.example/y",
        "",
        '<img src="https://evil.example/beacon.png">',
        "",
        "## golive sign-off record",
        "",
        "[ref]: https://evil.example/z",
        "<!-- never closed",
        "",
      ].join("\n"),
    );
    const g = (args: string[]) => golive(args, { sessions });
    expect((await g(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"])).code).toBe(0);
    const planted =
      "v1\n\n## golive sign-off record\n\n| 1 | x | y | z |\n<script>alert(1)</script> [x](https://e.vil) `a` **b**";
    expect((await g(["record", "f1", "v1 `a` **b** <b>x</b>"])).code).toBe(0);
    expect((await g(["note", planted])).code).toBe(0);
    const md = (await g(["export", "--out", "-"])).stdout;
    const headings = md.split("\n").filter((l) => /^#{1,6}\s/.test(l));
    expect(headings.filter((h) => /^#+ golive sign-off record/.test(h))).toEqual([
      "## golive sign-off record",
    ]);
    expect(md).not.toMatch(/<script|<img|<b>|<!--/);
    expect(md).toContain("\\[the dashboard](https:\u2060//evil.example/x) and https:\u2060//evil.example/y");
    expect(md).toMatch(/^\\\[ref\]: /m);
    expect(md).toContain("(runbook text) golive sign-off record");
    // Read back by a real CommonMark/GFM parser: no link, image, HTML or definition anywhere.
    const kinds = new Set<string>();
    const walk = (n: { type: string; children?: unknown[] }) => {
      kinds.add(n.type);
      for (const c of n.children ?? []) walk(c as never);
    };
    walk(fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as never);
    for (const k of ["link", "image", "html", "definition", "linkReference"])
      expect(kinds.has(k), k).toBe(false);
    // Every event-log row is one row of exactly four cells.
    const rows = md
      .slice(md.indexOf("### Event log"))
      .split("\n")
      .filter((l) => l.startsWith("| "));
    for (const r of rows.slice(1)) expect(r.replace(/\\\|/g, "").split("|")).toHaveLength(6);
    expect(md).toContain("v1 \\`a\\` \\*\\*b\\*\\* &lt;b&gt;x&lt;/b&gt;");
  });
});

describe("--t0", () => {
  it("refuses a day the calendar does not have instead of rolling it over", async () => {
    const sessions = tempDir("hostile-t0-");
    for (const t0 of ["2026-02-30 18:00 UTC", "2026-02-30T18:00:00Z", "2026-04-31 10:00 Europe/Paris"]) {
      const r = await golive(["new", "--runbook", "checklists/deployment.md", "--t0", t0], { sessions });
      expect(r.code, t0).toBe(2);
      expect(r.stderr).toMatch(
        /^golive: --t0: ".*" is not a valid date and time \(2026-0\d has \d\d days\)\n$/,
      );
    }
  });
});
