/**
 * The hostile-input suite (issue 20): every attack of the issue replayed as an adversary with write
 * access to a runbook, a recorded value or the sessions directory would, one row per attack class in
 * the chaos table (written whether the assertions pass or not). The record's files (export onto the
 * session, planted temp symlinks, locks beside non-sessions, reused pids, `../` ids, duplicate keys,
 * huge seq) are rows of record-files.test.ts; the terminal in real tmux is hostile-tmux.test.ts;
 * sizes are hostile-size.test.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { SECRETS } from "../helpers/redact-corpus.js";
import { row } from "./record.js";
import { cliRig } from "./rig.js";

const ATTACKS = {
  "OSC 52 clipboard": "\u001b]52;c;cHduZWQ=\u0007",
  "OSC 0 title": "\u001b]0;owned\u0007",
  "CSI 2J clear": "\u001b[2J",
  "C1 CSI": "\u009b31m",
  "bidi override": "\u202e",
  "DEL and BEL": "\u007f\u0007",
};
/** Every byte that may not reach a terminal from data (newline and tab excepted). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function hostileRunbook(dir: string): string {
  const file = join(dir, "hostile.md");
  const a = Object.values(ATTACKS).join(" ");
  writeFileSync(
    file,
    `# Release ${a}

## Prep (T-30 minutes)

- [ ] Deploy ${a} now
- [ ] Tag: ________
- [ ] Print what a tool printed <!-- golive check command -->
  \`\`\`sh
  printf 'out \\033]52;c;cHduZWQ=\\007 \\033]0;owned\\007 \\033[2J done\\n'
  \`\`\`
`,
  );
  return file;
}

describe("hostile input", () => {
  it("escape sequences in runbook text, notes, values, --by, command output and errors never reach the terminal raw", async () => {
    const work = tempDir("hostile-esc-");
    const rig = await cliRig(join(work, "sessions"), hostileRunbook(work));
    try {
      await row(
        {
          area: "hostile",
          fault:
            "OSC 52 / OSC 0 / CSI 2J / C1 / bidi / DEL in runbook text, note, value, --by, command output, error lines",
          checked:
            "stdout+stderr of new, note, record, check --by, status, status --all, list, run (command output), export --out -, errors: no raw control byte; shown as \\e… instead",
        },
        async () => {
          const out: boolean[] = [];
          const outputs: [string, string][] = [];
          const g = async (what: string, args: string[], env: Record<string, string> = {}) => {
            const r = await rig.cli(args, env);
            outputs.push([what, r.stdout + r.stderr]);
            return r;
          };
          for (const [name, seq] of Object.entries(ATTACKS)) {
            out.push((await g(`note ${name}`, ["note", `look ${seq}`])).code === 0);
            out.push((await g(`record ${name}`, ["record", "f1", `v1${seq}`])).code === 0);
            out.push((await g(`--by ${name}`, ["check", "i1", "--by", `eve${seq}`])).code === 0);
            out.push((await g(`error ${name}`, ["check", `i9${seq}`])).code !== 0);
            out.push(
              (await g(`user ${name}`, ["uncheck", "i1", "--reason", "x"], { GOLIVE_USER: `m${seq}` }))
                .code === 0,
            );
          }
          out.push((await g("run", ["run", "i3", "--yes"])).code === 0);
          for (const args of [
            ["status"],
            ["status", "--all"],
            ["list"],
            ["export", "--out", "-"],
            ["--x\u001b]0;t\u0007"],
          ])
            await g(args.join(" "), args);
          const shown = outputs.map(([, o]) => o).join("\n");
          out.push(shown.includes("\\e]52;c;cHduZWQ=\\a") && shown.includes("\\e[2J"));
          for (const [, o] of outputs) out.push(!RAW.test(o));
          return out;
        },
      );
    } finally {
      await rig.stop();
    }
  });

  it("Markdown injection through values, notes, names and the runbook never makes structure in the record", async () => {
    const sessions = tempDir("hostile-md-");
    const file = join(sessions, "md.md");
    writeFileSync(
      file,
      "# Release\n\n- [ ] Tag: ________\n- [ ] See [docs](https://evil.example/x)\n\n<img src=x onerror=alert(1)>\n\n## golive sign-off record\n\n[ref]: https://evil.example/z\n<!-- never closed\n",
    );
    const g = (args: string[], env: Record<string, string> = {}) => golive(args, { sessions, env });
    const payloads = [
      "v1\n\n## golive sign-off record\n\n| 1 | forged | row | here |",
      "<script>alert(1)</script>",
      "[click](https://e.vil) ![img](https://e.vil/p.png)",
      "| a | b |\n|---|---|\n| c | d |",
      "`code` **bold** _em_ ~~strike~~ <b>x</b>",
      "# heading\n---\n> quote",
      "https://autolink.evil.example",
    ];
    await row(
      {
        area: "hostile",
        fault:
          "Markdown injection: headings, table rows, links, images, HTML, autolinks in values/notes/--by/runbook",
        checked:
          "export read back by a GFM parser: one 'golive sign-off record' heading, no link/image/html/definition node, every event row 4 cells",
      },
      async () => {
        const out: boolean[] = [];
        out.push((await g(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"])).code === 0);
        for (const p of payloads) {
          out.push((await g(["note", p])).code === 0);
          out.push((await g(["check", "i1", "--by", p])).code === 0);
        }
        const md = (await g(["export", "--out", "-"])).stdout;
        const headings = md.split("\n").filter((l) => /^#{1,6}\s+golive sign-off record/.test(l));
        out.push(headings.length === 1);
        const kinds = new Set<string>();
        const html = new Set<string>();
        const walk = (n: { type: string; value?: string; children?: unknown[] }) => {
          kinds.add(n.type);
          if (n.type === "html") html.add(n.value ?? "");
          for (const c of n.children ?? []) walk(c as never);
        };
        walk(fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as never);
        for (const k of ["link", "image", "definition", "linkReference"]) out.push(!kinds.has(k));
        // golive's own annotations (<sub>…</sub>) are the only HTML in the record.
        out.push([...html].every((h) => h === "<sub>" || h === "</sub>"));
        const rows = md
          .slice(md.indexOf("### Event log"))
          .split("\n")
          .filter((l) => l.startsWith("| "));
        for (const r of rows.slice(1)) out.push(r.replace(/\\\|/g, "").split("|").length === 6);
        return out;
      },
    );
  });

  it("secrets of every shape in the corpus never reach the session, its backup or an export", async () => {
    await row(
      {
        area: "hostile",
        fault: `${SECRETS.length} secret shapes (redaction corpus) in the runbook, a note, a value and --by`,
        checked:
          "per shape: not in the session file, its .bak, the Markdown or JSON export, nor in anything a command printed (a runbook whose secret would change its structure is refused, nothing written)",
      },
      async () =>
        Promise.all(
          SECRETS.map(async ([text, secret], i) => {
            const sessions = tempDir("hostile-secret-");
            const file = join(sessions, `secret-${i}.md`);
            writeFileSync(file, `# Secrets\n\n- [ ] Value: ________\n- [ ] Given: ${text}\n- [ ] Done\n`);
            let printed = "";
            const g = async (args: string[]) => {
              const r = await golive(args, { sessions });
              printed += r.stdout + r.stderr;
              return r;
            };
            const made = await g(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"]);
            if (made.code === 0) {
              await g(["note", text]);
              await g(["check", "i3", `--by=${text.replace(/\n/g, " ")}`]);
              await g(["record", "f1", text.replace(/\n/g, " ")]);
              await g(["export", "--out", join(sessions, "record.md")]);
              await g(["export", "--format", "json", "--out", join(sessions, "record.json")]);
            } else if (made.code !== 3) return false;
            const written = readdirSync(sessions)
              .filter((n) => !n.endsWith(".md") || n === "record.md")
              .map((n) => join(sessions, n))
              .filter((f) => statSync(f).isFile())
              .map((f) => readFileSync(f, "utf8"))
              .join("\n");
            // JSON escapes a slash or a quote differently: look for the secret as typed and as JSON.
            const json = JSON.stringify(secret).slice(1, -1);
            return ![written, printed].some((t) => t.includes(secret) || t.includes(json));
          }),
        ),
    );
  });

  it("shell metacharacters and {{fN}} in nested shells: warned at new, refused at record, never run", async () => {
    const work = tempDir("hostile-shell-");
    const file = join(work, "shell.md");
    const marker = join(work, "PWNED");
    writeFileSync(
      file,
      `# Shell

## Prep (T-30 minutes)

- [ ] Tag: ________
- [ ] Nested <!-- golive check command -->
  \`\`\`sh
  bash -c "echo tag={{f1}}"
  \`\`\`
- [ ] Remote <!-- golive check command -->
  \`\`\`sh
  ssh -o BatchMode=yes nohost.invalid "echo {{f1}}" || true
  \`\`\`
- [ ] Inner <!-- golive check command -->
  \`\`\`sh
  sh -c 'echo {{f1}}'
  \`\`\`
`,
    );
    const rig = await cliRig(join(work, "sessions"), file);
    const made = await golive(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"], {
      sessions: tempDir("hostile-shell-new-"),
    });
    const hostile = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `v1;touch ${marker}`,
      `v1 && touch ${marker}`,
      `v1|tee ${marker}`,
      `'; touch ${marker}; '`,
      `"; touch ${marker}; "`,
      `v1\ntouch ${marker}`,
      `v1>${marker}`,
      "*",
      `\${IFS}touch\${IFS}${marker}`,
    ];
    try {
      await row(
        {
          area: "hostile",
          fault: "shell metacharacters in a value used by bash -c / ssh \"…\" / sh -c '…' commands",
          checked:
            "new warns file:line for each nested {{f1}}; record refuses each value (exit 2, names the commands); run with a plain value prints it; no file created",
        },
        async () => {
          const out: boolean[] = [];
          for (const line of [8, 12, 16])
            out.push(
              new RegExp(
                `shell\\.md:${line}: \\{\\{f1\\}\\} sits inside a string a second shell parses`,
              ).test(made.stderr),
            );
          for (const v of hostile) {
            const r = await rig.cli(["record", "f1", v]);
            out.push(
              r.code === 2 && /which a shell reads as syntax|is not a identifier|is not an? /.test(r.stderr),
            );
          }
          out.push((await rig.cli(["record", "f1", "v2.4.1"])).code === 0);
          const ran = await rig.cli(["run", "i2", "--yes"]);
          out.push(ran.code === 0 && ran.stdout.includes("tag=v2.4.1"));
          out.push(!existsSync(marker));
          return out;
        },
      );
    } finally {
      await rig.stop();
    }
  });

  it("tampered chain fields are refused by every command and by verify", async () => {
    const sessions = tempDir("hostile-chain-");
    const g = (args: string[]) => golive(args, { sessions });
    await g(["new", "--runbook", "checklists/deployment.md", "--t0", "2026-11-23T12:00:00Z"]);
    await g(["note", "first"]);
    await g(["record", "f1", "v1.9.3"]);
    await g(["check", "i1"]);
    const file = join(sessions, readdirSync(sessions).find((n) => n.endsWith(".json"))!);
    const good = readFileSync(file, "utf8");
    type Doc = {
      id: string;
      events: { seq: number; at: string; by: string; data: Record<string, unknown> }[];
    };
    const tamper: [string, (d: Doc) => void][] = [
      [
        "runbook digest",
        (d) => {
          (d.events[0]!.data.runbook as { sha256: string }).sha256 = "f".repeat(64);
        },
      ],
      [
        "runbook text",
        (d) => {
          (d.events[0]!.data.runbook as { text: string }).text += "\n- [ ] planted";
        },
      ],
      [
        "T-0",
        (d) => {
          d.events[0]!.data.t0 = "2026-11-24T12:00:00.000Z";
        },
      ],
      [
        "an event's time",
        (d) => {
          d.events[1]!.at = "2020-01-01T00:00:00.000Z";
        },
      ],
      [
        "who acted",
        (d) => {
          d.events[2]!.by = "mallory";
        },
      ],
      [
        "a recorded value",
        (d) => {
          d.events[2]!.data.value = "v6.6.6";
        },
      ],
      [
        "session id",
        (d) => {
          d.id = "20261123-1200-other-0001";
        },
      ],
      [
        "an event removed",
        (d) => {
          d.events.splice(1, 1);
        },
      ],
      [
        "two events swapped",
        (d) => {
          [d.events[1], d.events[2]] = [d.events[2]!, d.events[1]!];
        },
      ],
    ];
    await row(
      {
        area: "hostile",
        fault: `tampered chain fields (${tamper.map(([w]) => w).join(", ")})`,
        checked:
          "status refuses naming the file (exit 3), verify says NOT VERIFIED (exit 5); the untouched copy verifies",
      },
      async () => {
        const out: boolean[] = [];
        for (const [, edit] of tamper) {
          const d = JSON.parse(good) as Doc;
          edit(d);
          writeFileSync(file, JSON.stringify(d, null, 2));
          const status = await g(["status", "--session", file]);
          const verify = await g(["verify", file]);
          out.push(status.code === 3 && status.stderr.includes(basename(file)) && verify.code === 5);
        }
        writeFileSync(file, good);
        out.push((await g(["verify", file])).code === 0);
        return out;
      },
    );
  });
});
