import { Box, Text } from "ink";
import { terminalLine } from "../../domain/sanitize.js";
import { wordWrap } from "../format/wrap.js";
import type { Theme } from "../theme.js";

/** A confirmation or input box: says exactly what will happen; y confirms, n or Esc cancels. */
export function Dialog(p: {
  title: string;
  tone: "danger" | "info";
  lines: string[];
  input?: { label: string; value: string; error?: string };
  footer: string;
  width: number;
  maxHeight: number;
  theme: Theme;
}) {
  const w = Math.min(p.width, 140);
  const room = Math.max(0, p.maxHeight - 4 - (p.input ? 2 : 0));
  // A line wider than the box wraps at words when the box has the rows for it, so what a key will do
  // is read whole; on a screen too short for that, it is cut with "…" as before.
  const wrapped = p.lines.flatMap((l) => wordWrap(l, w - 4, Math.min(2 + l.search(/\S|$/), 8)));
  const body = (wrapped.length <= room ? wrapped : p.lines).slice(0, room);
  return (
    <Box
      flexDirection="column"
      width={w}
      borderStyle="double"
      borderColor={p.theme.c(p.tone === "danger" ? "red" : "cyan")}
      paddingX={1}
    >
      <Text bold color={p.theme.c(p.tone === "danger" ? "red" : "cyan")} wrap="truncate">
        {p.title}
      </Text>
      {body.map((l, i) => (
        // Lines can repeat (blank ones): their position is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: static list, never reordered
        <Text key={i} wrap="truncate">
          {l}
        </Text>
      ))}
      {p.input ? (
        <>
          <Text wrap="truncate">
            {p.input.label}: <Text inverse>{terminalLine(p.input.value) || " "}</Text>
            <Text color={p.theme.c("gray")}>▏</Text>
          </Text>
          {p.input.error ? (
            <Text color={p.theme.c("red")} wrap="truncate">
              {p.input.error}
            </Text>
          ) : null}
        </>
      ) : null}
      <Text color={p.theme.c("gray")} wrap="truncate">
        {p.footer}
      </Text>
    </Box>
  );
}
