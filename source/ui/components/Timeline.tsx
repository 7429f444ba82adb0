import { Text } from "ink";
import { formatOffset } from "../../domain/time.js";
import { PHASE_SYMBOL, type PhaseStatus, type PhaseView } from "../../domain/timeline.js";
import { padTo } from "../format/text.js";
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

export function Timeline(p: {
  views: PhaseView[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  theme: Theme;
}) {
  const rows = p.height - 1;
  // Keep the selected phase in view.
  const start = Math.max(0, Math.min(p.selected - Math.floor(rows / 2), p.views.length - rows));
  return (
    <Pane title="Timeline" width={p.width} height={p.height} focused={p.focused} theme={p.theme}>
      {p.views.slice(start, start + rows).map((v, i) => {
        const idx = start + i;
        const t = v.phase.section.time;
        const when = t?.kind === "offset" ? formatOffset(t.minutes) : t ? "T+X" : "";
        const due = v.dueAt !== undefined ? new Date(v.dueAt).toISOString().slice(11, 16) : "";
        const word =
          v.status === "overdue"
            ? " OVERDUE"
            : v.status === "current"
              ? " now"
              : v.status === "due-soon"
                ? " soon"
                : "";
        const count = `${v.done}/${v.total}`;
        const titleW = Math.max(4, p.width - 2 - 2 - 7 - 6 - count.length - word.length - 2);
        return (
          <Text
            key={v.phase.section.id}
            wrap="truncate"
            inverse={idx === p.selected && p.focused && p.theme.color}
            bold={idx === p.selected}
          >
            {idx === p.selected ? "›" : " "}
            <Text color={p.theme.c(TONE[v.status] ?? "white")}>{PHASE_SYMBOL[v.status]}</Text>{" "}
            {padTo(when, 6)} {padTo(due, 5)} {padTo(v.phase.section.title, titleW)} {count}
            <Text color={p.theme.c(TONE[v.status] ?? "white")}>{word}</Text>
          </Text>
        );
      })}
    </Pane>
  );
}
