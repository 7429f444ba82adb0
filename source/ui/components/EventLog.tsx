import { Text } from "ink";
import { memo } from "react";
import { fitArns } from "../format/text.js";
import type { Theme } from "../theme.js";
import { Pane } from "./Pane.js";

/** Memoised: it draws again only when its lines, size or day change, not on every clock second. */
export const EventLog = memo(function EventLog(p: {
  lines: { seq: number; at: string; by: string; text: string; tone?: string }[];
  width: number;
  height: number;
  /** The session clock's day (YYYY-MM-DD): events from another day show their date. */
  day?: string;
  theme: Theme;
}) {
  if (p.height <= 1) return null;
  const tail = p.lines.slice(-(p.height - 1));
  return (
    <Pane title="Event log" width={p.width} height={p.height} theme={p.theme}>
      {tail.map((l) => {
        const at = stamp(l.at, p.day);
        return (
          <Text key={l.seq} wrap="truncate" color={p.theme.c(l.tone ?? "white")}>
            <Text color={p.theme.c("gray")}>{at}</Text> {fitArns(l.text, p.width - at.length - 1)}
          </Text>
        );
      })}
    </Pane>
  );
});

function stamp(at: string, day: string | undefined): string {
  const t = at.slice(11, 19);
  return day === undefined || at.slice(0, 10) === day ? t : `${at.slice(5, 10)} ${t}`;
}
