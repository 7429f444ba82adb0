import { Text } from "ink";
import { memo } from "react";
import { formatOffset } from "../../domain/time.js";
import { PHASE_SYMBOL, type PhaseStatus, type PhaseView } from "../../domain/timeline.js";
import { dayAndTime, padTo } from "../format/text.js";
import type { Theme } from "../theme.js";
import { Pane } from "./Pane.js";

const TONE: Record<PhaseStatus, string | undefined> = {
  done: "green",
  current: "cyan",
  overdue: "red",
  "due-soon": "yellow",
  upcoming: undefined,
  unscheduled: "gray",
  "on-event": "gray",
};

/** Memoised: fed the same views between events and a day-long `now`, a clock tick skips it. */
export const Timeline = memo(function Timeline(p: {
  views: PhaseView[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  /** The session clock (its day is all that is read): rows due on another day show their date. */
  now?: number;
  theme: Theme;
}) {
  const rows = p.height - 1;
  // Keep the selected phase in view.
  const start = Math.max(0, Math.min(p.selected - Math.floor(rows / 2), p.views.length - rows));
  // One column width for all rows: "12:00", or "Nov 22 12:00" when any row is on another day.
  const dueWidth = Math.max(
    5,
    ...p.views.map((v) => (v.dueAt !== undefined ? dayAndTime(v.dueAt, p.now ?? v.dueAt).length : 0)),
  );
  return (
    <Pane title="Timeline" width={p.width} height={p.height} focused={p.focused} theme={p.theme}>
      {p.views.slice(start, start + rows).map((v, i) => {
        const idx = start + i;
        const t = v.phase.section.time;
        const when = t?.kind === "offset" ? formatOffset(t.minutes) : t ? "T+X" : "";
        const due = v.dueAt !== undefined ? dayAndTime(v.dueAt, p.now ?? v.dueAt) : "";
        const word =
          v.status === "overdue"
            ? " OVERDUE"
            : v.status === "current"
              ? " now"
              : v.status === "due-soon"
                ? " soon"
                : "";
        const count = `${v.done}/${v.total}`;
        const dueW = dueWidth;
        const titleW = Math.max(4, p.width - 2 - 2 - 7 - (dueW + 1) - count.length - word.length - 2);
        return (
          <Text
            key={v.phase.section.id}
            wrap="truncate"
            inverse={idx === p.selected && p.focused && p.theme.color}
            bold={idx === p.selected}
          >
            {idx === p.selected ? "›" : " "}
            <Text color={p.theme.c(TONE[v.status] ?? "white")}>{PHASE_SYMBOL[v.status]}</Text>{" "}
            {padTo(when, 6)} {padTo(due, dueW)} {padTo(v.phase.section.title, titleW)} {count}
            <Text color={p.theme.c(TONE[v.status] ?? "white")}>{word}</Text>
          </Text>
        );
      })}
    </Pane>
  );
});
