/**
 * Why a command with `{{fN}}` cannot run, in the words the lead reads: the token as written, the
 * field the runbook lacks or the value not yet recorded, how to record a plain value, the quoted
 * here-document where nothing expands, and the line of a redacted secret within its block.
 */
import { describe, expect, it } from "vitest";
import { UserError } from "../../source/domain/errors.js";
import type { SessionState } from "../../source/domain/events.js";
import { refuseRedactedSecret, substitute, withFieldRefs } from "../../source/engine/check-fields.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const rb = parseRunbook("r.md", "# R\n\n- [ ] Version: ________\n- [ ] Region: ________\n", "0");
const state = (fields: Record<string, string>) =>
  ({
    fields: Object.fromEntries(
      Object.entries(fields).map(([k, value]) => [
        k,
        { value, source: "manual", by: "t", at: "2026-01-01T00:00:00Z" },
      ]),
    ),
  }) as unknown as SessionState;

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
}

describe("substitute refuses, naming the token as written", () => {
  it("a field the runbook does not have", () => {
    expect(thrown(() => substitute("echo {{f1}} {{ f9 }}", rb, state({ f1: "v1" }))).message).toBe(
      "the command uses {{ f9 }}, but the runbook has no field f9",
    );
  });

  it("a field with no value yet, after one that has one", () => {
    expect(thrown(() => substitute("echo {{f1}}; echo {{f2}}", rb, state({ f1: "v1" }))).message).toBe(
      "the command uses {{f2}}, but f2 has no value yet (record it first)",
    );
  });

  it("a value a second shell would read as syntax, with how to record a plain one", () => {
    const e = thrown(() => substitute("echo {{f2}}", rb, state({ f2: "a;b" })));
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).hint).toBe("record a plain value with `golive record f2 VALUE`");
  });

  it("a field in a quoted here-document, where nothing expands", () => {
    expect(thrown(() => substitute("cat <<'EOF'\n{{f1}}\nEOF", rb, state({ f1: "v1" }))).message).toBe(
      "{{f1}} sits in a quoted here-document (<<'EOF'), where nothing expands; unquote its delimiter",
    );
    expect(substitute("cat <<EOF\n{{f1}}\nEOF", rb, state({ f1: "v1" }))).toBe(
      `cat <<EOF\n\${GOLIVE_F1}\nEOF`,
    );
  });
});

describe("withFieldRefs", () => {
  it("writes a reference in a quoted here-document bare, as in double quotes", () => {
    expect(withFieldRefs("cat <<'EOF'\n{{f1}}\nEOF")).toBe(`cat <<'EOF'\n\${GOLIVE_F1}\nEOF`);
  });
});

describe("refuseRedactedSecret", () => {
  it("names the line of the block the secret was on", () => {
    const e = thrown(() => refuseRedactedSecret("echo one\nexport T=[REDACTED:token]\necho three"));
    expect(e.message).toBe(
      "the command holds a secret (line 2 of the block), stored as [REDACTED:token]: it cannot run as written",
    );
  });
});
