/**
 * The Kubernetes pane of an EKS session: the Deployment's rollout as `kubectl rollout status` would
 * judge it, with why — replicas desired/updated/ready/available, revisions, the pods in trouble
 * with phase, restarts and reason. A read that failed or is old says so (no evidence), and its last
 * view is never judged as current.
 */
import { Box, Text } from "ink";
import type { RolloutState } from "../../domain/rollout-views.js";
import { type RolloutSnapshot, rolloutEvidence } from "../../engine/k8s-watch.js";
import { type Clocked, useTick } from "../hooks/clock.js";
import type { Theme } from "../theme.js";
import { Pane } from "./Pane.js";

export interface KubeLine {
  text: string;
  tone: "red" | "yellow" | "green" | "gray" | "";
}

const TONE: Record<RolloutState, KubeLine["tone"]> = {
  complete: "green",
  progressing: "yellow",
  paused: "yellow",
  stalled: "red",
  failed: "red",
};

/** The pane's title and lines, most important first (a short pane keeps the top ones). Pure. */
export function kubeLines(s: RolloutSnapshot | undefined, now: number): { title: string; lines: KubeLine[] } {
  return linesWith(s, s ? rolloutEvidence(s, now) : undefined);
}

/** The lines read the time only through the read's evidence line (its age, STALE). */
function linesWith(
  s: RolloutSnapshot | undefined,
  evidence: string | undefined,
): { title: string; lines: KubeLine[] } {
  if (!s)
    return { title: "K8S", lines: [{ text: "no Kubernetes Deployment in this session", tone: "gray" }] };
  const v = s.view;
  const verdict = s.verdict;
  const head = `K8S ${s.namespace}/${s.deployment}`;
  if (!v || !verdict)
    return { title: head, lines: [{ text: evidence ?? "waiting for the first read", tone: "yellow" }] };
  // Stale: the old view is shown for what it was, never with its verdict as now.
  const state = evidence ? "STALE" : verdict.state.toUpperCase();
  const lines: KubeLine[] = [];
  if (evidence) lines.push({ text: evidence, tone: "yellow" });
  lines.push({
    text: `rev ${v.revision ?? "?"} ${state}: ${v.updated}/${v.desired} updated, ${v.ready} ready, ${v.available} available${v.total > v.updated ? `, ${v.total - v.updated} old` : ""}${v.paused ? ", PAUSED" : ""}`,
    tone: evidence ? "yellow" : TONE[verdict.state],
  });
  const troubled = v.pods.filter((p) => p.reason || !p.ready);
  for (const p of troubled.slice(0, 3))
    lines.push({
      text: `pod ${p.name} rev ${p.revision ?? "?"} ${p.reason ?? p.phase}${p.ready ? "" : " not ready"}, restarts ${p.restarts}`,
      tone: p.reason ? "red" : "yellow",
    });
  if (troubled.length > 3)
    lines.push({ text: `… ${troubled.length - 3} more pods not ready`, tone: "yellow" });
  for (const r of [...v.revisions].reverse().slice(0, 3))
    lines.push({
      text: `${r.revision === v.revision ? "→" : " "} rev ${r.revision} ${r.images.join(", ")} ${r.ready}/${r.desired} ready`,
      tone: "",
    });
  const deadline = v.conditions.find(
    (c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded",
  );
  if (deadline)
    lines.splice(evidence ? 2 : 1, 0, { text: `ProgressDeadlineExceeded: ${deadline.message}`, tone: "red" });
  if (v.nodes.ready < v.nodes.total)
    lines.push({ text: `nodes ready ${v.nodes.ready}/${v.nodes.total}`, tone: "red" });
  return { title: `${head} ${state}`, lines };
}

export function KubePane(p: {
  snapshot: RolloutSnapshot | undefined;
  /** The session's clock: the pane's ages and staleness follow it without the App drawing again. */
  clock: Clocked;
  width: number;
  height: number;
  theme: Theme;
}) {
  const evidenceAt = (at: number) => (p.snapshot ? rolloutEvidence(p.snapshot, at) : undefined);
  const evidence = evidenceAt(p.clock.now());
  const { title, lines } = linesWith(p.snapshot, evidence);
  // A tick draws the pane again when its evidence line reads differently: the rest is the snapshot's
  // (a tick used to build and stringify every line to find that out, issue 14).
  useTick(p.clock, () => evidenceAt(p.clock.now()) !== evidence);
  if (p.height <= 0) return null;
  if (p.height <= 2) {
    // Compact (80×24): the title line carries the verdict; the second the first thing that matters.
    const first = lines[0];
    return (
      <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
        <Text wrap="truncate" bold>
          {title}
        </Text>
        {p.height > 1 && first ? (
          <Text wrap="truncate" color={first.tone ? p.theme.c(first.tone) : undefined}>
            {first.text}
            {lines[1] && lines[1].tone === "red" ? ` · ${lines[1].text}` : ""}
          </Text>
        ) : null}
      </Box>
    );
  }
  return (
    <Pane title={title} width={p.width} height={p.height} theme={p.theme}>
      {lines.slice(0, p.height - 1).map((l) => (
        <Text key={l.text} wrap="truncate" color={l.tone ? p.theme.c(l.tone) : undefined}>
          {l.text}
        </Text>
      ))}
    </Pane>
  );
}
