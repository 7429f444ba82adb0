/**
 * The cockpit's fill dialog checks a value the way `golive record` does: a value a runbook command
 * uses (`{{f1}}`) must be plain data for its field's type, refused in place with one line saying
 * what is wrong and which command uses it; nothing is recorded.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunbook } from "../../source/runbook/parse.js";
import { App } from "../../source/ui/app/App.js";
import { model, T0, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";
import { SEEDS } from "../helpers/paths.js";

describe("the fill dialog types values like `golive record`", () => {
  it("refuses shell syntax in a value a command uses, in one line naming the command; a plain value is recorded", async () => {
    const { m, calls, setNow } = await model();
    // The seed runbook plus one command that hands f1 to a second shell.
    const file = join(SEEDS, "deployment.md");
    const text = `${readFileSync(file, "utf8")}\n- [ ] Restart the release\n  \`\`\`sh\n  ssh deploy@host "systemctl restart app@{{f1}}"\n  \`\`\`\n`;
    const rb = parseRunbook(file, text, "0".repeat(64));
    const command = rb.commands.find((c) => c.code.includes("{{f1}}"))!;
    expect(command).toBeDefined();
    m.runbook = rb;
    setNow(T0 + 60_000);
    const size = { columns: 160, rows: 40 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((f) => f.includes("Deployment Execution"));
    await r.press("j");
    await r.press("\r");
    await r.waitFor((f) => f.includes("Fill f1: Record current version"), "fill dialog");
    await r.press("$(touch /tmp/x)");
    await r.press("\r");
    const refused = await r.waitFor((f) => f.includes("which a shell reads as syntax"), "the refusal");
    const line = refused.split("\n").find((l) => l.includes("which a shell reads as syntax"))!;
    expect(line).toContain(`(${command.id} uses it)`);
    expect(refused).toContain("Fill f1");
    expect(calls).toEqual([]);
    // Still in the dialog: clear the value and type a plain identifier.
    for (let i = 0; i < "$(touch /tmp/x)".length; i++) await r.press("\u007f");
    await r.press("v2.4.1");
    await r.press("\r");
    await r.waitFor(() => calls.includes("record f1=v2.4.1"), "recorded");
    r.unmount();
  });
});
