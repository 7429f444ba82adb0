/**
 * The help bar prints each key as "label action" (HelpBar.tsx): a label that already holds its
 * action word read "v approve approve" in `golive watch --approve`.
 */
import { describe, expect, it } from "vitest";
import { bindingsFor } from "../../source/ui/keys/keymap.js";

describe("the help bar's key labels", () => {
  for (const [who, bindings] of [
    ["the lead", bindingsFor(false)],
    ["a viewer", bindingsFor(true)],
    ["an approver", bindingsFor(true, true)],
  ] as const)
    it(`${who}: no label repeats its action word`, () => {
      for (const b of bindings)
        expect(`${b.label} ${b.action}`).not.toMatch(new RegExp(`\\b${b.action} ${b.action}$`));
      expect(bindings.length).toBeGreaterThan(5);
    });

  it("an approver's bar says 'v approve' once", () => {
    const v = bindingsFor(true, true).find((b) => b.action === "approve")!;
    expect(`${v.label} ${v.action}`).toBe("v approve");
  });
});
