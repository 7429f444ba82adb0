/**
 * What a lead reads when the disk fails under a session (session/durable.ts): the cause in words, the
 * next step, and whether anything was recorded; a bug stays a bug (its own error, not a user error).
 */
import { describe, expect, it } from "vitest";
import { ExitCode, InputError, UserError } from "../../source/domain/errors.js";
import { changedUnderUs, parseJsonAt, storageError } from "../../source/session/durable.js";

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe("a disk failure under the session", () => {
  it.each([
    ["ENOSPC", "the disk is full"],
    ["EDQUOT", "the disk quota is exhausted"],
    ["EROFS", "the file system is read-only"],
    ["EACCES", "permission denied"],
    ["EPERM", "operation not permitted"],
    ["EIO", "an I/O error (failing disk?)"],
    ["ENOTDIR", "a path component is not a directory"],
    ["EISDIR", "it is a directory"],
    ["EMFILE", "too many open files"],
  ])(
    "%s on a write says %s, that nothing was recorded, and that a rollback still goes through",
    (code, words) => {
      const e = storageError("s.json", "write", errno(code)) as UserError;
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toBe(`could not write s.json: ${words} (${code}); nothing was recorded`);
      expect(e.exitCode).toBe(ExitCode.input);
      expect(e.hint).toMatch(
        /^free space or make the sessions directory writable, then retry; a rollback still goes/,
      );
    },
  );

  it("on a read names the cause without claiming a record was refused, and points at permissions", () => {
    const e = storageError("s.json", "read", errno("EACCES")) as UserError;
    expect(e.message).toBe("could not read s.json: permission denied (EACCES)");
    expect(e.hint).toBe("check the file's permissions and the disk");
  });

  it("passes a bug (unknown code, no code) and an error already explained through untouched", () => {
    for (const e of [errno("EBADF"), new Error("boom"), new UserError("already said")])
      expect(storageError("s.json", "write", e)).toBe(e);
  });

  it("a document changed under the writer: not overwritten, nothing recorded, how to check it", () => {
    const e = changedUnderUs("/s/x.json.journal", "was changed", "/s/x.json.bak");
    expect(e.message).toBe(
      "/s/x.json.journal was changed by something other than this golive; not overwriting it, nothing was recorded",
    );
    expect(e.hint).toMatch(
      /^check it with `golive verify \/s\/x\.json` \(the last compacted copy is \/s\/x\.json\.bak;/,
    );
    expect(e.exitCode).toBe(ExitCode.input);
    // Only the journal's own suffix is dropped, not a ".journal" in a directory's name.
    expect(changedUnderUs("/runs/eu.journal-b/x.json.journal", "was changed", "b").hint).toMatch(
      /^check it with `golive verify \/runs\/eu\.journal-b\/x\.json` /,
    );
  });
});

describe("a session file that is not JSON", () => {
  const failure = (text: string) => {
    try {
      parseJsonAt("s.json", text);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error("parsed");
  };

  it("gives JSON.parse's value when it is JSON", () => {
    expect(parseJsonAt("s.json", '{"a": [1, "b"]}')).toEqual({ a: [1, "b"] });
  });

  it("names the line and column of the fault, on one line, without quoting the file", () => {
    expect(failure('{"a":\n1 x}')).toBe(
      "s.json:2:3: not valid JSON (Expected ',' or '}' after property value); truncated or edited?",
    );
    // A fault before the last line, past the tenth character.
    expect(failure('{\n"a":1,\n"b":2 "c"\n}')).toBe(
      "s.json:3:7: not valid JSON (Expected ',' or '}' after property value); truncated or edited?",
    );
    // A short file is quoted whole by V8 (no "..."), a newline token is one: neither reaches the line.
    expect(failure('{"a":}')).toBe("s.json:1:1: not valid JSON (Unexpected token '}'); truncated or edited?");
    expect(failure("tru\ne")).toBe("s.json:2:1: not valid JSON (Unexpected token ' '); truncated or edited?");
    // Lines are counted at "\n" alone, on every Node: V8 ≥ 22 also writes "(line 2 column 3)" here,
    // counting the carriage return as a line break, which grep -n and vi do not.
    expect(failure('{"a":\r1 x}')).toBe(
      "s.json:1:9: not valid JSON (Expected ',' or '}' after property value); truncated or edited?",
    );
    // V8 gives no position here and quotes the text around the fault, newlines included.
    expect(failure('{\n  "a": 1,\n  "b": }\n')).toBe(
      "s.json:4:1: not valid JSON (Unexpected token '}'); truncated or edited?",
    );
  });

  it("a file cut short points at its end; an empty one says it is empty", () => {
    expect(failure('{\n  "events": [\n')).toMatch(
      /^s\.json:3:1: not valid JSON \(Unexpected end of JSON input\);/,
    );
    expect(failure(" \n")).toBe("s.json: is empty (truncated?); expected a JSON document");
  });
});
