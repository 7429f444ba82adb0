import { Box, Text } from "ink";
import { fitArns } from "../format/text.js";
import type { Binding, KeyContext } from "../keys/keymap.js";
import type { Theme } from "../theme.js";

/** Which bindings the help bar shows at this width (each takes "label action" plus two spaces). */
export function fitBindings(bindings: Binding[], ctx: KeyContext, width: number): Binding[] {
  const all = bindings.filter((b) => !b.secondary || width >= 140);
  const cost = (b: Binding) => [...b.label].length + 1 + b.action.length + 2;
  if (all.reduce((n, b) => n + cost(b), 0) <= width) return all;
  // Too narrow for every key: rollback, quit and help always, then enabled keys in importance order;
  // nothing is cut mid-word (`?` lists them all).
  const order = [
    "rollback",
    "quit",
    "help",
    "promote",
    "ack",
    "ackAll",
    "tick",
    "fill",
    "run",
    "message",
    "export",
  ];
  const rank = (b: Binding) => {
    const i = order.indexOf(b.action);
    return i < 0 ? order.length : i;
  };
  const candidates = all
    .filter((b) => ["rollback", "quit", "help"].includes(b.action) || b.disabledReason(ctx) === undefined)
    .sort((a, b) => rank(a) - rank(b));
  const chosen = new Set<Binding>();
  let used = 0;
  for (const b of candidates) {
    if (used + cost(b) - 2 > width) continue;
    chosen.add(b);
    used += cost(b);
  }
  return all.filter((b) => chosen.has(b));
}

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
        {fitArns(p.toast.text, p.width)}
      </Text>
    );
  }
  const shown = fitBindings(p.bindings, p.ctx, p.width);
  return (
    <Text wrap="truncate">
      {shown.map((b, i) => {
        const off = b.disabledReason(p.ctx) !== undefined;
        return (
          <Text key={b.action} dimColor={off}>
            {i > 0 ? "  " : ""}
            <Text bold color={p.theme.c(off ? "gray" : b.dangerous ? "yellow" : "cyan")}>
              {b.label}
            </Text>{" "}
            {b.action}
          </Text>
        );
      })}
    </Text>
  );
}

/** The bottom of every layout: what to do next and why (coloured by severity), then the keys or a toast. */
export function BottomLines(p: {
  next: { text: string; severity: "bad" | "warn" | "info" | "ok" };
  bindings: Binding[];
  ctx: KeyContext;
  width: number;
  theme: Theme;
  toast?: { text: string; tone: string } | null;
}) {
  const color = { bad: "red", warn: "yellow", info: "cyan", ok: "green" }[p.next.severity];
  const mark = { bad: "✖", warn: "▲", info: "→", ok: "✓" }[p.next.severity];
  return (
    <Box flexDirection="column" width={p.width} height={2}>
      <Text wrap="truncate" color={p.theme.c(color)} bold>
        {mark} {p.next.text}
      </Text>
      <HelpBar bindings={p.bindings} ctx={p.ctx} width={p.width} theme={p.theme} toast={p.toast} />
    </Box>
  );
}
