/**
 * A read-only viewer (`golive watch`) has no key that changes traffic: R and Ctrl-R route to nothing,
 * on the full screen, the small screen and inside a dialog, while the lead's cockpit routes both to
 * the rollback. (The rendered check is in test/ui/cockpit.test.tsx; this holds the routing rule.)
 */
import { describe, expect, it } from "vitest";
import { type KeyScreen, routeKey } from "../../source/ui/app/keys.js";
import { bindingsFor } from "../../source/ui/keys/keymap.js";

const screen = (readOnly: boolean, over: Partial<KeyScreen> = {}): KeyScreen => ({
  dialog: null,
  readOnly,
  small: false,
  bindings: bindingsFor(readOnly),
  ...over,
});

describe("R in a read-only viewer", () => {
  it.each([
    ["full screen", {}],
    ["small screen", { small: true }],
    ["help open", { dialog: { kind: "help" } as KeyScreen["dialog"] }],
  ])("%s: R and Ctrl-R do nothing that writes; the lead's cockpit rolls back", (_what, over) => {
    for (const [input, key] of [
      ["R", {}],
      ["r", { ctrl: true }],
    ] as const) {
      const viewer = routeKey(input, key, screen(true, over));
      expect(viewer).not.toEqual({ kind: "action", action: "rollback" });
      expect(["none", "refused", "ui"]).toContain(viewer.kind);
      expect(routeKey(input, key, screen(false, over))).toEqual({ kind: "action", action: "rollback" });
    }
  });
});
