import { Box, Text } from "ink";
import { versionText } from "../../domain/describe.js";
import type { Weights } from "../../domain/events.js";
import { formatCountdown, formatTClock } from "../../domain/time.js";
import { clip, gauge, hhmmss, padTo } from "../format/text.js";
import { type Clocked, useTick } from "../hooks/clock.js";
import type { Theme } from "../theme.js";
import { ClockText } from "./ClockText.js";

export interface HeaderProps {
  title: string;
  env?: string;
  version?: string;
  lead: string;
  /** The session's clock: the clock and the countdown are leaves that tick on their own. */
  clock: Clocked;
  t0: number;
  weights: Weights | null;
  overall: string;
  overallTone: "ok" | "warn" | "bad" | "info";
  deadline?: { at: number; label: string };
  readOnly: boolean;
  /** The clock is not the session's own or not current (a viewer's sandbox stopped answering). */
  clockNote?: string;
  /** What this process last read of the listener, when it is not simply "current" (stale, differs). */
  trafficNote?: { text: string; tone: "warn" | "bad" };
  width: number;
  compact: boolean;
  theme: Theme;
}

export function Header(p: HeaderProps) {
  const now = p.clock.now();
  const clockText = (at: number) => `${hhmmss(at)} UTC  ${formatTClock(at, p.t0)}`;
  const countdownText = (at: number) => (p.deadline ? formatCountdown(at, p.deadline.at) : "");
  const clock = clockText(now);
  const countdown = countdownText(now);
  // The compact layout sizes its fields around the clock's and the countdown's width: drawn again
  // when either changes width (past 99 hours), not every second.
  useTick(p.clock, () => {
    const at = p.clock.now();
    return clockText(at).length !== clock.length || countdownText(at).length !== countdown.length;
  });
  const tone = { ok: "green", warn: "yellow", bad: "red", info: "cyan" }[p.overallTone];
  const w = p.weights;
  const g = w
    ? `blue ${w.blue} ${gauge(w.blue, w.green, p.compact ? 10 : 20)} green ${w.green}`
    : "traffic: not read from AWS yet";
  const left = `${p.env ?? "—"} · ${p.title}${p.version ? ` ${versionText(p.version)}` : ""} · lead ${p.lead}${p.readOnly ? " · READ-ONLY" : ""}`;
  // The clock and the countdown are leaves of their own: a tick redraws those cells alone.
  const next = p.deadline ? `next: ${p.deadline.label} in ` : "";
  if (p.compact) {
    // 80 columns: the runbook's title gives way (it is on every other screen); what is left is
    // sized so nothing is cut off, the countdown least of all.
    const who = `${p.env ?? "—"}${p.version ? ` ${versionText(p.version)}` : ""} · lead ${p.lead}${p.readOnly ? " · READ-ONLY" : ""}`;
    const room1 = Math.max(0, p.width - clock.length - p.overall.length - 4);
    const room2 = Math.max(0, p.width - [...g].length - 3 - "next:  in ".length - countdown.length);
    const note = p.trafficNote;
    return (
      <Box flexDirection="column" width={p.width} height={2}>
        <Box height={1}>
          <ClockText clock={p.clock} text={clockText} bold />
          <Text wrap="truncate">
            {" "}
            <Text color={p.theme.c(tone)} bold inverse={p.theme.color}>{` ${p.overall} `}</Text>{" "}
            {p.clockNote ? (
              <Text color={p.theme.c("yellow")}>{clip(`⚠ ${p.clockNote}`, room1)}</Text>
            ) : (
              padTo(who, room1)
            )}
          </Text>
        </Box>
        <Box height={1}>
          <Text wrap="truncate">
            {g}
            {note ? (
              <Text color={p.theme.c(note.tone === "bad" ? "red" : "yellow")}>
                {` · ${clip(note.text, Math.max(0, p.width - [...g].length - 3))}`}
              </Text>
            ) : p.deadline ? (
              ` · next: ${clip(p.deadline.label, room2)} in `
            ) : (
              ""
            )}
          </Text>
          {!note && p.deadline ? <ClockText clock={p.clock} text={countdownText} /> : null}
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={p.width} height={3}>
      <Box height={1}>
        <Text wrap="truncate">
          <Text bold>{padTo(left, Math.max(0, p.width - 28))}</Text>{" "}
        </Text>
        <ClockText clock={p.clock} text={clockText} bold />
      </Box>
      <Text wrap="truncate">
        <Text color={p.theme.c(tone)} bold inverse={p.theme.color}>{` ${p.overall} `}</Text> {g}{" "}
        <Text color={p.theme.c("gray")}>(as AWS last confirmed)</Text>
        {p.trafficNote ? (
          <Text color={p.theme.c(p.trafficNote.tone === "bad" ? "red" : "yellow")}>
            {" "}
            {p.trafficNote.text}
          </Text>
        ) : null}
      </Text>
      <Box height={1}>
        <Text wrap="truncate" color={p.theme.c("gray")}>
          {p.clockNote ? <Text color={p.theme.c("yellow")}>⚠ {p.clockNote} · </Text> : null}
          {next}
        </Text>
        {p.deadline ? <ClockText clock={p.clock} text={countdownText} color={p.theme.c("gray")} /> : null}
      </Box>
    </Box>
  );
}
