/**
 * Below the minimum size (issue 12, I2): what traffic is doing, what to do next, and the only keys
 * that work there: R (its confirmation fits in 40×10) and q. Nothing else is drawn, so nothing
 * else may act.
 */
import { Box, Text } from "ink";
import { MIN_COLUMNS, MIN_ROWS } from "../layout.js";
import type { Theme } from "../theme.js";
import { DialogView } from "./dialogs.js";
import { shownOnSmallScreen } from "./keys.js";
import type { CockpitModel } from "./model.js";
import { SEVERITY_COLOR } from "./next.js";
import type { UiState } from "./reducer.js";
import type { CockpitView } from "./shape.js";
import { overallState } from "./view.js";

const TONE = { ok: "green", warn: "yellow", bad: "red", info: "cyan" } as const;

export function SmallScreen(p: {
  v: CockpitView;
  ui: UiState;
  model: CockpitModel;
  columns: number;
  rows: number;
  theme: Theme;
}) {
  const { v, ui, model, theme, columns, rows } = p;
  const overall = overallState(v.s);
  const w = v.s.weights;
  const traffic = w ? `blue ${w.blue} / green ${w.green} (AWS)` : "traffic not read yet";
  // Only the dialogs whose keys work here are drawn; any other waits, hidden and inert, for a bigger terminal.
  const dialog = shownOnSmallScreen(ui.dialog) ? ui.dialog : null;
  const top = (
    <Text wrap="truncate">
      <Text color={theme.c(TONE[overall.tone])} bold inverse={theme.color}>{` ${overall.text} `}</Text>{" "}
      {traffic}
    </Text>
  );
  if (dialog && rows >= 4) {
    return (
      <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
        {top}
        <DialogView
          d={dialog}
          model={model}
          width={columns}
          maxHeight={rows - 1}
          theme={theme}
          bindings={v.bindings}
          keyCtx={v.keyCtx}
        />
      </Box>
    );
  }
  const keys = model.readOnly ? "q quit" : "R roll back · q quit";
  const toast = ui.toast;
  // Most important first: when only a few rows are left, the traffic state and the keys stay.
  const lines = [
    <Box key="top">{top}</Box>,
    <Text key="keys" wrap="truncate" bold>
      {keys}
    </Text>,
    // Wrapped: the why matters as much as the what.
    <Text key="next" wrap="wrap" color={theme.c(SEVERITY_COLOR[v.next.severity])} bold>
      {v.next.text}
    </Text>,
    toast ? (
      <Text
        key="toast"
        wrap="truncate"
        color={theme.c(toast.tone === "bad" ? "red" : toast.tone === "ok" ? "green" : "cyan")}
      >
        {toast.text}
      </Text>
    ) : null,
    <Text key="size" wrap="truncate" color={theme.c("gray")}>
      needs {MIN_COLUMNS}×{MIN_ROWS} (this is {columns}×{rows}); or golive status
    </Text>,
  ];
  return (
    <Box flexDirection="column" width={columns} height={Math.max(1, rows)} overflow="hidden">
      {lines}
    </Box>
  );
}
