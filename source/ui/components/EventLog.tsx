import { Text } from "ink";
import type { Theme } from "../theme.js";
import { Pane } from "./Pane.js";

export function EventLog(p: {
  lines: { seq: number; at: string; by: string; text: string; tone?: string }[];
  width: number;
  height: number;
  theme: Theme;
}) {
  if (p.height <= 1) return null;
  const tail = p.lines.slice(-(p.height - 1));
  return (
    <Pane title="Event log" width={p.width} height={p.height} theme={p.theme}>
      {tail.map((l) => (
        <Text key={l.seq} wrap="truncate" color={p.theme.c(l.tone ?? "white")}>
          <Text color={p.theme.c("gray")}>{l.at.slice(11, 19)}</Text> {l.text}
        </Text>
      ))}
    </Pane>
  );
}
