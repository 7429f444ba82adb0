/**
 * Text the lead types into a dialog (a reason, a blank, an image) is one line of printable text: a
 * paste's CR/LF and escape sequences never reach the value, the record or the terminal, and the
 * dialog draws the value through the one sanitizer.
 */
import { render } from "ink-testing-library";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { type KeyScreen, routeKey } from "../../source/ui/app/keys.js";
import { Dialog } from "../../source/ui/components/Dialog.js";
import { bindingsFor } from "../../source/ui/keys/keymap.js";
import { makeTheme } from "../../source/ui/theme.js";

const plainTheme = makeTheme({ NO_COLOR: "1" });

const typing: KeyScreen = {
  dialog: { kind: "rollback", reason: "", editing: true } as KeyScreen["dialog"],
  readOnly: false,
  small: false,
  bindings: bindingsFor(false),
};

describe("typed text", () => {
  it("a pasted value loses its CR, LF and escape bytes; printable text stays", () => {
    const r = routeKey("canary bad\r\n\u001b]52;c;cHduZWQ=\u0007\u001b[2J ok", {}, typing);
    expect(r).toEqual({
      kind: "ui",
      event: { type: "edit", key: "char", char: "canary bad]52;c;cHduZWQ=[2J ok" },
    });
    expect(routeKey("\u001b", {}, typing)).toEqual({ kind: "none" });
    expect(routeKey("é ✓", {}, typing)).toMatchObject({ event: { char: "é ✓" } });
  });

  it("the dialog draws a value holding control characters escaped, never raw", () => {
    const { lastFrame } = render(
      createElement(Dialog, {
        title: "t",
        tone: "info",
        lines: [],
        input: { label: "reason", value: "x\u001b]0;owned\u0007y" },
        footer: "f",
        width: 60,
        maxHeight: 10,
        theme: plainTheme,
      }),
    );
    expect(lastFrame()).not.toContain("\u001b]0");
    expect(lastFrame()).toMatch(/x\\e\]0;owned\\ay/);
  });
});
