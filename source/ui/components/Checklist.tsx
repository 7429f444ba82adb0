import { Text } from "ink";
import { memo } from "react";
import { clip } from "../format/text.js";
import type { Theme } from "../theme.js";
import { Pane } from "./Pane.js";

export type ChecklistRow =
  | {
      kind: "item";
      id: string;
      text: string;
      done: boolean;
      depth: number;
      who?: string;
      runnable: boolean;
      /** The item's runnable block id (`c3`). */
      block?: string;
      note?: string;
    }
  | {
      kind: "field";
      id: string;
      label: string;
      value?: string;
      unit?: string;
      target?: string;
      options?: string[];
      who?: string;
      depth: number;
    };

/** Memoised: its rows are the same array until an event or the selection changes them. */
export const Checklist = memo(function Checklist(p: {
  title: string;
  rows: ChecklistRow[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  theme: Theme;
  commandHint?: string;
}) {
  const visible = p.height - 1 - (p.commandHint ? 1 : 0);
  const start = Math.max(0, Math.min(p.selected - Math.floor(visible / 2), p.rows.length - visible));
  return (
    <Pane
      title={p.title}
      width={p.width}
      height={p.height}
      focused={p.focused}
      theme={p.theme}
      right={`${p.rows.filter((r) => r.kind === "item" && r.done).length}/${p.rows.filter((r) => r.kind === "item").length}`}
    >
      {p.rows.slice(start, start + Math.max(0, visible)).map((r, i) => {
        const sel = start + i === p.selected;
        const indent = "  ".repeat(Math.min(r.depth, 3));
        if (r.kind === "item") {
          return (
            <Text key={r.id} wrap="truncate" inverse={sel && p.focused && p.theme.color} bold={sel}>
              {sel ? "›" : " "}
              {indent}
              <Text color={p.theme.c(r.done ? "green" : "white")}>{r.done ? "[x]" : "[ ]"}</Text>{" "}
              {r.id.padEnd(4)} {r.runnable ? `⌘${r.block ? `${r.block}` : ""} ` : ""}
              {clip(r.text, Math.max(8, p.width - 14 - indent.length - (r.who ? r.who.length + 3 : 0)))}
              {r.who ? <Text color={p.theme.c("gray")}> — {r.who}</Text> : null}
            </Text>
          );
        }
        const value =
          r.value !== undefined
            ? `${r.value}${r.unit && r.unit !== "%" ? ` ${r.unit}` : (r.unit ?? "")}`
            : r.options
              ? r.options.map((o) => `☐ ${o}`).join(" / ")
              : "____";
        return (
          <Text key={r.id} wrap="truncate" inverse={sel && p.focused && p.theme.color} bold={sel}>
            {sel ? "›" : " "}
            {indent} {r.id.padEnd(4)} {r.label}:{" "}
            <Text color={p.theme.c(r.value !== undefined ? "cyan" : "yellow")}>{value}</Text>
            {r.target ? <Text color={p.theme.c("gray")}> (target {r.target})</Text> : null}
            {r.who ? <Text color={p.theme.c("gray")}> — {r.who}</Text> : null}
          </Text>
        );
      })}
      {p.commandHint ? (
        <Text wrap="truncate" color={p.theme.c("gray")}>
          {p.commandHint}
        </Text>
      ) : null}
    </Pane>
  );
});
