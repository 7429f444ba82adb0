/**
 * The one keymap. Every binding has its keys, a description, whether it is dangerous, and why it
 * is disabled right now; the help bar and the `?` overlay are generated from this table.
 */

import type { SessionState } from "../../domain/events.js";
import type { Gate } from "../../domain/gate.js";

export type Action =
  | "up"
  | "down"
  | "focus"
  | "tick"
  | "fill"
  | "run"
  | "promote"
  | "rollback"
  | "ack"
  | "ackAll"
  | "confirm"
  | "matrix"
  | "message"
  | "image"
  | "pause"
  | "sign"
  | "approve"
  | "withdraw"
  | "export"
  | "help"
  | "quit";

export interface KeyContext {
  readOnly: boolean;
  state: SessionState;
  gate?: Gate;
  hasEngine: boolean;
  /** The engine is loading (commands/cockpit-pending.ts): keys that need it wait for it. */
  engineLoading?: boolean;
  selection: { kind: "item" | "field" | "none"; runnable: boolean };
  unacknowledged: number;
  busy: string | null;
  /** How many manual checks the runbook has (undefined: not known, the key stays available). */
  manualChecks?: number;
  /** Whether the runbook has a rollback decision matrix (undefined: not known). */
  matrix?: boolean;
  /** How many message templates the runbook has (undefined: not known). */
  templates?: number;
  /** Parts the environment config leaves out (`alb`, `ecs`, `kubernetes`). */
  missing?: string[];
  /** An EKS session: the engine releases a Kubernetes Deployment (i / P drive it). */
  kube?: boolean;
  /** `golive watch --approve`: this viewer may approve the lead's waiting promote (v). */
  approver?: boolean;
  /** The lead's promote waits for a second person's approval (x withdraws it). */
  approvalWaiting?: boolean;
}

export interface Binding {
  action: Action;
  keys: string[];
  /** As shown in the help bar. */
  label: string;
  description: string;
  dangerous: boolean;
  /** Writes to the session or to AWS: absent in read-only viewers. */
  writes: boolean;
  /** Shown in the help bar only when the terminal is wide enough. */
  secondary?: boolean;
  disabledReason(c: KeyContext): string | undefined;
}

// While the engine loads (the first frame comes before it), a key that needs it is taken and its
// action waits for the engine on screen: R above all must never be refused for being early.
const noEngine = (c: KeyContext) =>
  c.hasEngine || c.engineLoading
    ? undefined
    : "this session is offline (no environment config): golive attach --config FILE gives it one";

/** Traffic keys need the config's ALB: without one there is nothing golive could move, or move back. */
const noAlb = (c: KeyContext) =>
  noEngine(c) ??
  (c.missing?.includes("alb")
    ? "the config has no alb section, so golive cannot move traffic: add it, then golive attach --config FILE"
    : undefined);
const stillLoading = (c: KeyContext) =>
  c.engineLoading ? "the engine is still loading: press it again in a moment" : undefined;
const noKube = (c: KeyContext) =>
  stillLoading(c) ??
  noEngine(c) ??
  (!c.kube
    ? "this session releases no Kubernetes Deployment (kubernetes.release)"
    : c.busy
      ? `${c.busy} in flight`
      : undefined);

export const KEYMAP: Binding[] = [
  {
    action: "up",
    keys: ["up", "k"],
    label: "↑/k",
    description: "move up",
    dangerous: false,
    writes: false,
    secondary: true,
    disabledReason: () => undefined,
  },
  {
    action: "down",
    keys: ["down", "j"],
    label: "↓/j",
    description: "move down",
    dangerous: false,
    writes: false,
    secondary: true,
    disabledReason: () => undefined,
  },
  {
    action: "focus",
    keys: ["tab"],
    label: "Tab",
    description: "switch pane (timeline / checklist)",
    dangerous: false,
    writes: false,
    secondary: true,
    disabledReason: () => undefined,
  },
  {
    action: "tick",
    keys: ["space"],
    label: "Space",
    description: "tick or untick the selected item",
    dangerous: false,
    writes: true,
    disabledReason: (c) => (c.selection.kind !== "item" ? "select a checklist item" : undefined),
  },
  {
    action: "fill",
    keys: ["return"],
    label: "Enter",
    description: "fill the selected blank or table cell",
    dangerous: false,
    writes: true,
    disabledReason: (c) => (c.selection.kind !== "field" ? "select a blank (____)" : undefined),
  },
  {
    action: "run",
    keys: ["r"],
    label: "r",
    description: "run the selected item's check or command (shows exactly what runs)",
    dangerous: true,
    writes: true,
    // Not while the engine loads: the dialog must show exactly what runs before y can run it.
    disabledReason: (c) =>
      stillLoading(c) ??
      noEngine(c) ??
      (c.selection.runnable ? undefined : "the selected item has no check or command"),
  },
  {
    action: "promote",
    keys: ["p"],
    label: "p",
    description: "promote one canary step (shows the gate: dwell, thresholds; override needs a reason)",
    dangerous: true,
    writes: true,
    disabledReason: (c) =>
      noAlb(c) ??
      (c.busy
        ? `${c.busy} in flight`
        : c.gate && c.gate.nextIndex < 0
          ? "green already takes 100 %"
          : undefined),
  },
  {
    action: "rollback",
    keys: ["R"],
    label: "R",
    description: "ROLL BACK: 100 % blue (always available, from anywhere)",
    dangerous: true,
    writes: true,
    disabledReason: noAlb,
  },
  {
    action: "ack",
    keys: ["a"],
    label: "a",
    description: "acknowledge the newest alert",
    dangerous: false,
    writes: true,
    disabledReason: (c) => (c.unacknowledged ? undefined : "no alert to acknowledge"),
  },
  {
    action: "ackAll",
    keys: ["A"],
    label: "A",
    description: "acknowledge every unacknowledged alert (one event in the record)",
    dangerous: false,
    writes: true,
    secondary: true,
    disabledReason: (c) => (c.unacknowledged ? undefined : "no alert to acknowledge"),
  },
  {
    action: "confirm",
    keys: ["c"],
    label: "c",
    description:
      "manual checks: what golive cannot measure; y confirms the selected one clear (recorded: who, when). Unconfirmed ones hold the Go decision",
    dangerous: false,
    writes: true,
    disabledReason: (c) => (c.manualChecks === 0 ? "the runbook has no manual checks" : undefined),
  },
  {
    action: "matrix",
    keys: ["d"],
    label: "d",
    description:
      "the runbook's rollback decision matrix: each row, what golive watches for it, and which rows an open alert falls under now",
    dangerous: false,
    writes: false,
    disabledReason: (c) => (c.matrix === false ? "the runbook has no rollback decision matrix" : undefined),
  },
  {
    action: "image",
    keys: ["i"],
    label: "i",
    description:
      "Kubernetes: set the Deployment's image — shows the exact change read from the API; confirmed only when the rollout completes on it (or failed when its progress deadline passes)",
    dangerous: true,
    writes: true,
    secondary: true,
    disabledReason: noKube,
  },
  {
    action: "pause",
    keys: ["P"],
    label: "P",
    description:
      "Kubernetes: pause (or resume, when paused) the Deployment's rollout — confirmed by reading spec.paused back",
    dangerous: true,
    writes: true,
    secondary: true,
    disabledReason: noKube,
  },
  {
    action: "message",
    keys: ["m"],
    label: "m",
    description:
      "status message from the runbook's templates (those fitting now first), filled from the session; y copies it (OSC 52) and writes it to a file (recorded)",
    dangerous: false,
    writes: true,
    disabledReason: (c) => (c.templates === 0 ? "the runbook has no message templates" : undefined),
  },
  {
    action: "sign",
    keys: ["S"],
    label: "S",
    description:
      "sign off, with golive sign's rules: s picks the status, Tab the role; success is refused while points are open (listed) unless o accepts them with a reason; y signs (recorded)",
    dangerous: true,
    writes: true,
    secondary: true,
    disabledReason: () => undefined,
  },
  {
    action: "approve",
    keys: ["v"],
    label: "v",
    description:
      "two-person approval (golive watch --approve): shows the exact change the lead's promote waits on and who you are to AWS; y approves it, recorded in S3 only",
    dangerous: true,
    writes: true,
    disabledReason: (c) => (c.approver ? undefined : "golive watch --approve offers approvals"),
  },
  {
    action: "withdraw",
    keys: ["x"],
    label: "x",
    description:
      "withdraw the promote waiting for a second person's approval: the request is voided on record and nothing is sent",
    dangerous: false,
    writes: true,
    secondary: true,
    disabledReason: (c) => (c.approvalWaiting ? undefined : "no promote is waiting for an approval"),
  },
  {
    action: "export",
    keys: ["e"],
    label: "e",
    description: "export the sign-off record (Markdown)",
    dangerous: false,
    writes: false,
    disabledReason: () => undefined,
  },
  {
    action: "help",
    keys: ["?"],
    label: "?",
    description: "all keys",
    dangerous: false,
    writes: false,
    disabledReason: () => undefined,
  },
  {
    action: "quit",
    keys: ["q"],
    label: "q",
    description: "quit (asks only while an action is in flight; the session is already on disk)",
    dangerous: false,
    writes: false,
    disabledReason: () => undefined,
  },
];

/** What `e` does in a viewer: a file of its own, never the lead's export (commands/cockpit-model.ts). */
export const VIEWER_EXPORT =
  "export a copy to a new file of your own (ID.signoff.viewer-…md), never the lead's export";

export function bindingsFor(readOnly: boolean, approver = false): Binding[] {
  // The lead's cockpit never approves: the lead's own request needs someone else.
  if (!readOnly) return KEYMAP.filter((b) => b.action !== "approve");
  // Read-only viewers get no key that writes: not disabled, absent (as in k9s' read-only mode) —
  // but for `v` in `watch --approve`, which writes one approval, to S3 only.
  return KEYMAP.filter((b) => !b.writes || (approver && b.action === "approve")).map((b) =>
    b.action === "export" ? { ...b, description: VIEWER_EXPORT } : b,
  );
}

export interface InkKey {
  upArrow?: boolean;
  downArrow?: boolean;
  tab?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
}

/** Ink's (input, key) → the binding it triggers, if any. */
export function resolveKey(input: string, key: InkKey, bindings: Binding[]): Binding | undefined {
  const name = key.upArrow
    ? "up"
    : key.downArrow
      ? "down"
      : key.tab
        ? "tab"
        : key.return
          ? "return"
          : input === " "
            ? "space"
            : input;
  return bindings.find((b) => b.keys.includes(name));
}
