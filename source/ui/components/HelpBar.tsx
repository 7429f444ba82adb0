import { Text } from "ink";
import type { Binding, KeyContext } from "../keys/keymap.js";
import type { Theme } from "../theme.js";

/** Generated from the keymap: disabled keys are dimmed, dangerous ones marked. */
export function HelpBar(p: {
  bindings: Binding[];
  ctx: KeyContext;
  width: number;
  theme: Theme;
  toast?: { text: string; tone: string } | null;
}) {
  if (p.toast) {
    return (
      <Text
        wrap="truncate"
        color={p.theme.c(p.toast.tone === "bad" ? "red" : p.toast.tone === "ok" ? "green" : "cyan")}
        bold
      >
        {p.toast.text}
      </Text>
    );
  }
  const shown = p.bindings.filter((b) => !b.secondary || p.width >= 140);
  return (
    <Text wrap="truncate">
      {shown.map((b) => {
        const off = b.disabledReason(p.ctx) !== undefined;
        return (
          <Text key={b.action} dimColor={off}>
            <Text bold color={p.theme.c(off ? "gray" : b.dangerous ? "yellow" : "cyan")}>
              {b.label}
            </Text>{" "}
            {b.action}
            {"  "}
          </Text>
        );
      })}
    </Text>
  );
}
