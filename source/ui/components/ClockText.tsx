/**
 * Text that shows time (a clock, a countdown, an age): a leaf that the one-second clock redraws on
 * its own, so a tick costs these cells and not the pane or the App around them (issue 14).
 */
import { Text } from "ink";
import { memo } from "react";
import { type Clocked, useClockText } from "../hooks/clock.js";

export const ClockText = memo(function ClockText(p: {
  clock: Clocked;
  /** What to show at `now`; "" shows nothing. */
  text: (now: number) => string;
  color?: string;
  bold?: boolean;
  truncate?: boolean;
}) {
  const s = useClockText(p.clock, p.text);
  if (!s) return null;
  return (
    <Text color={p.color} bold={p.bold} wrap={p.truncate ? "truncate" : undefined}>
      {s}
    </Text>
  );
});
