import { Box, Text } from "ink";
import type { Theme } from "../theme.js";

/**
 * Newest first, but triggers trusted to roll back before the rest: on a short screen the line that
 * fits is the one R answers (a pause beside it, like the verdict's FAIL, follows).
 */
export function byUrgency<T extends { trust?: string }>(oldestFirst: T[]): T[] {
  const newest = [...oldestFirst].reverse();
  return [...newest.filter((a) => a.trust === "rollback"), ...newest.filter((a) => a.trust !== "rollback")];
}

export function Alerts(p: {
  alerts: {
    id: string;
    severity: "warning" | "critical";
    message: string;
    at: string;
    /** Periods the episode has been seen in, and the last (one line per episode, not per period). */
    count?: number;
    lastSeenAt?: string;
  }[];
  width: number;
  height: number;
  theme: Theme;
}) {
  if (p.height <= 0) return null;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      {p.alerts.slice(0, p.height).map((a, i) => (
        <Text
          key={a.id}
          wrap="truncate"
          color={p.theme.c(a.severity === "critical" ? "red" : "yellow")}
          bold
          inverse={a.severity === "critical" && p.theme.color}
        >
          {a.severity === "critical" ? "✖ ALERT " : "▲ WARN "}
          {a.at.slice(11, 19)}
          {/* The count before the message: at 80 columns a long message would cut it off. */}
          {a.count && a.count > 1 ? ` ×${a.count}` : ""} {a.message}
          {a.count && a.count > 1 ? `  (last ${a.lastSeenAt?.slice(11, 19) ?? "?"})` : ""}
          {i === 0
            ? p.alerts.length > 1
              ? `  (${p.alerts.length} unacknowledged, a acks, A all)`
              : "  (a acks)"
            : ""}
        </Text>
      ))}
    </Box>
  );
}
