import { Table } from "@alcalzone/ink-table";
import { Text } from "ink";
import { memo } from "react";
import type { Theme } from "../theme.js";
import { Pane } from "./Pane.js";

export type CheckpointRow = {
  Time: string;
  "Error Rate": string;
  "Latency p95": string;
  Status: string;
  Notes: string;
};

/** Memoised: it draws again only when its rows, anchor or size change, not on every clock second. */
export const MonitoringTable = memo(function MonitoringTable(p: {
  rows: CheckpointRow[];
  anchor: string;
  width: number;
  height: number;
  theme: Theme;
}) {
  if (p.height <= 0) return null;
  return (
    <Pane title="Monitoring (first hour)" right={p.anchor} width={p.width} height={p.height} theme={p.theme}>
      {p.rows.length ? (
        // ink-table rules every row: n rows take 2n + 3 lines (borders, header, rules).
        <Table
          data={p.rows.slice(0, Math.max(1, Math.floor((p.height - 1 - 3) / 2)))}
          padding={1}
          // ink-table's own header is always blue; under NO_COLOR nothing may be coloured.
          header={({ children }) => (
            <Text bold color={p.theme.c("blue")}>
              {children}
            </Text>
          )}
        />
      ) : (
        <Text color={p.theme.c("gray")}>the runbook has no monitoring table</Text>
      )}
    </Pane>
  );
});
