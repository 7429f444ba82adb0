/**
 * What each dialog says, as plain content (title, lines, footer), built from the model; DialogView
 * draws it. A confirmation states exactly what the key will do.
 */
import { formatLeft } from "../../domain/canary.js";
import { weightsText } from "../../domain/describe.js";
import { formatAge, type Gate } from "../../domain/gate.js";
import { sourceText, stepsText } from "../../domain/in-force-text.js";
import { undoTarget } from "../../domain/rollout-undo.js";
import { Dialog } from "../components/Dialog.js";
import { shortenArn } from "../format/text.js";
import type { Binding, KeyContext } from "../keys/keymap.js";
import type { Theme } from "../theme.js";
import { approveContent } from "./approve-keys.js";
import { helpContent } from "./help-dialog.js";
import { kubeContent } from "./kube-keys.js";
import { messageContent, messagesContent } from "./message-dialog.js";
import type { CockpitModel } from "./model.js";
import { promoteBlocked } from "./promote-flow.js";
import type { Dialog as DialogState, PromoteDialog } from "./reducer.js";
import { checksContent, manualCheckLine, matrixContent } from "./runbook-dialogs.js";
import { signContent } from "./sign-dialog.js";

export interface DialogContent {
  title: string;
  tone: "danger" | "info";
  lines: string[];
  input?: { label: string; value: string; error?: string };
  footer: string;
}

export function dialogContent(
  d: DialogState,
  model: CockpitModel,
  width: number,
  help: { bindings: Binding[]; keyCtx: KeyContext },
  maxHeight = 24,
): DialogContent {
  const s = model.state();
  const gate = model.gate();
  switch (d.kind) {
    case "help":
      return helpContent(d, help, model.readOnly, width, maxHeight);
    case "messages":
      return messagesContent(d, model);
    case "sign":
      return signContent(d, model);
    case "message":
      return messageContent(d, model, width, maxHeight);
    case "quit":
      return {
        title: "An action is in flight",
        tone: "danger",
        lines: [
          "Quit anyway? The session is on disk; what AWS confirms after you quit is seen on the next open (drift).",
        ],
        footer: "y quits · n / Esc stays",
      };
    case "finishing":
      return {
        title: "finishing rollback…",
        tone: "danger",
        lines: [
          "The rollback is on the wire: golive exits once AWS reads back blue 100 / green 0,",
          "or when the wait for it times out (recorded either way).",
        ],
        footer: "keys are ignored until then",
      };
    case "fill": {
      const f = model.runbook.fields.find((x) => x.id === d.fieldId)!;
      return {
        title: `Fill ${f.id}: ${f.label}`,
        tone: "info",
        lines: [
          f.options
            ? `one of: ${f.options.join(" / ")}`
            : `${f.unit ? `unit: ${f.unit}` : "free text"}${f.target ? ` · target ${f.target}` : ""}`,
        ],
        input: { label: "value", value: d.value, error: d.error },
        footer: "Enter records · Esc cancels",
      };
    }
    case "run": {
      try {
        const pv = model.actions.previewCheck(d.ref);
        return {
          title: `Run ${d.ref}`,
          tone: pv.dangerous ? "danger" : "info",
          lines: [pv.label, "", "This runs exactly:", ...pv.shows.split("\n")],
          footer: "y runs · n / Esc cancels",
        };
      } catch (e) {
        return {
          title: `Run ${d.ref}`,
          tone: "info",
          lines: [(e as Error).message],
          footer: "n / Esc closes",
        };
      }
    }
    case "promote":
      return promoteContent(d, model, gate);
    case "checks":
      return checksContent(d, model);
    case "matrix":
      return matrixContent(model);
    case "k8s":
      return kubeContent(d, model, width);
    case "approve":
      return approveContent(d);
    case "rollback": {
      const w = s.weights;
      // Narrow screens (the 40×10 small screen) get the short words; the change is always 100/0.
      const narrow = width < 60;
      return {
        title: "ROLL BACK to 100 % blue",
        tone: "danger",
        lines: [
          // Name the write golive will really make: through the Ingress the controller writes the listener.
          ...(model.trafficIngress
            ? [
                `annotate Ingress ${model.trafficIngress.ingress}${narrow ? "" : `, action ${model.trafficIngress.action}`}`,
                ...(narrow ? [] : ["(the AWS Load Balancer Controller then writes the listener)"]),
              ]
            : [
                `ModifyListener ${shortenArn(model.listenerArn ?? "(no listener configured)", Math.max(12, width - 15))}`,
              ]),
          narrow
            ? `blue/green ${w?.blue ?? "?"}/${w?.green ?? "?"} → 100/0`
            : `blue ${w?.blue ?? "?"} / green ${w?.green ?? "?"}  →  blue 100 / green 0`,
          ...(narrow
            ? []
            : [
                "then read back until AWS confirms, check blue's targets and health URL, record the rollback checklist.",
              ]),
          ...kubeRollbackLines(model, narrow),
        ],
        input: { label: "reason", value: d.reason },
        footer: d.editing
          ? narrow
            ? "typing · Enter/Esc done"
            : "typing the reason · Enter or Esc to finish"
          : narrow
            ? "y rolls back · e reason · Esc no"
            : "y rolls back now · e edits the reason · n / Esc cancels",
      };
    }
  }
}

export function DialogView(p: {
  d: DialogState;
  model: CockpitModel;
  width: number;
  maxHeight: number;
  theme: Theme;
  bindings: Binding[];
  keyCtx: KeyContext;
}) {
  const w = Math.min(p.width, 140);
  // Dialog draws a border and one column of padding each side.
  const c = dialogContent(p.d, p.model, w - 4, { bindings: p.bindings, keyCtx: p.keyCtx }, p.maxHeight);
  return <Dialog {...c} width={w} maxHeight={p.maxHeight} theme={p.theme} />;
}

/**
 * The promote dialog (I1): the listener state the plan was computed from, how old that read is, and
 * the exact weights `y` sends; then the gate. `y` re-reads the listener and sends this or nothing.
 */
function promoteContent(d: PromoteDialog, model: CockpitModel, gate: Gate | undefined): DialogContent {
  const lines: string[] = [];
  if (d.changed)
    lines.push(
      "✖ listener changed since the dialog — nothing was sent (recorded)",
      `  the dialog showed ${weightsText(d.changed.was)}, AWS now shows ${weightsText(d.changed.now)}`,
      "  The new situation:",
    );
  const p = d.proposal;
  const plan = p?.plan;
  if (!p) {
    lines.push(d.error ? `✖ could not read the listener: ${d.error}` : "reading the listener from AWS…");
    return {
      title: "Promote",
      tone: "danger",
      lines,
      footer: d.error
        ? "nothing can be sent · n / Esc closes"
        : "y works once the plan is shown · n / Esc cancels",
    };
  }
  if (!plan) {
    lines.push("green already takes 100 %: nothing to promote");
    return { title: "Promote", tone: "info", lines, footer: "n / Esc closes" };
  }
  const age = formatAge(model.now() - plan.readAt);
  // Two short lines: at 80 columns neither the read nor the change may be cut off.
  lines.push(
    `Listener as read from AWS ${age} ago: ${weightsText(plan.from.weights)}`,
    `y sends exactly:${" ".repeat(16 + age.length)}${weightsText(plan.to)}`,
  );
  const live = gate;
  if (live) {
    lines.push(
      ...planLinesFor(
        model,
        model.inForce.plan.findIndex((x) => x.green === plan.step),
      ),
    );
    lines.push(
      `Dwell: ${live.dwellLeftMs > 0 ? `${formatLeft(live.dwellLeftMs)} left` : "elapsed"} · go: error < ${model.thresholds.go.errorRate} %${from(model.thresholds.from?.go.errorRate)}, p95 < ${model.thresholds.go.latencyP95} ms${from(model.thresholds.from?.go.latencyP95)}`,
    );
  }
  const blocked = promoteBlocked(live, p, model.state().weights);
  // Go / No-Go reasons and manual checks are listed once, with the criteria below.
  for (const r of blocked)
    if (
      !live?.isGoDecision ||
      !/^(no evidence: )?(Go criterion not met|No-Go not ruled out|manual check):/.test(r)
    )
      lines.push(`✖ ${r}`);
  if (!blocked.length) lines.push("✓ gate open");
  if (live?.isGoDecision) {
    const criteria = model.goCriteria();
    lines.push(
      "",
      criteria.length
        ? "GO DECISION — the runbook's Go / No-Go criteria (✓ met, or No-Go ruled out):"
        : "GO DECISION — the runbook lists no Go / No-Go criteria: the gate above is the whole check",
    );
    for (const c of criteria)
      lines.push(`${c.ok === true ? "✓" : c.ok === false ? "✖" : "?"} ${c.text} — ${c.why}`);
  }
  // Last: where the screen is short, the gate and the Go criteria come first.
  lines.push(...handChecks(model, live));
  return {
    title: `Promote to ${plan.to.green} % green`,
    tone: "danger",
    lines,
    input: d.override !== null ? { label: "override reason", value: d.override } : undefined,
    footer: d.sending
      ? "sending: AWS is read again first; nothing is sent if it changed · R rolls back"
      : d.override !== null
        ? "type the reason · Enter promotes with the override · Esc back"
        : !blocked.length
          ? "y promotes · n / Esc cancels"
          : "o overrides with a reason (recorded) · n / Esc cancels",
  };
}

/** The plan the promotion follows and where it comes from: the runbook's line, the config or the default. */
function planLinesFor(model: CockpitModel, next: number): string[] {
  const f = model.inForce;
  const step = f.plan[next];
  if (!step) return [];
  const after = next === f.plan.length - 1 ? "then watch" : "then dwell";
  return [
    `Plan: ${stepsText(f.plan)} (${sourceText(step.stepFrom, f.runbookFile)})`,
    `Step ${next + 1} of ${f.plan.length}: ${step.green} % green, ${after} ${step.dwellMinutes} min (${sourceText(step.dwellFrom, f.runbookFile)})`,
    // The runbook says something else too (two plans, two dwells): the lead sees which one binds.
    ...(step.stepFrom.from === "runbook" || step.dwellFrom.from === "runbook"
      ? model.runbook.canary.warnings.map(
          (w) =>
            `⚠ ${w.message
              .split(" — ")[0]!
              .replace(
                /^the runbook states two different canary plans: .+? at line \d+ and /,
                "the runbook also states ",
              )}`,
        )
      : []),
  ];
}

/** What golive does not measure, one line each with its confirmation: `c` confirms one clear. */
function handChecks(model: CockpitModel, gate: Gate | undefined): string[] {
  const checks = model.manualChecks();
  if (!checks.length) return [];
  return [
    "",
    "Manual checks (not measured by golive; c confirms one clear):",
    ...checks.map((c) => manualCheckLine(c, gate)),
  ];
}

function from(label: string | undefined): string {
  return label ? ` (${label})` : "";
}

/** An EKS session: the Kubernetes half of R, as exactly as the last read of the Deployment allows. */
function kubeRollbackLines(model: CockpitModel, narrow: boolean): string[] {
  const snap = model.rollout?.();
  if (!snap) return [];
  const name = `${snap.namespace}/${snap.deployment}`;
  const v = snap.view;
  if (!v)
    return [`then undo ${name}'s rollout (not read yet: its previous revision as the API shows it then)`];
  const t = undoTarget(v);
  const cur = v.revisions.find((r) => r.revision === v.revision);
  if ("error" in t) return [`then read back ${name} (${t.error})`];
  return narrow
    ? [`k8s rev ${v.revision} → ${t.revision}`]
    : [
        `then undo ${name}: revision ${v.revision} (${cur?.images.join(", ") ?? "?"}) → ${t.revision} (${t.images.join(", ")}), read back until the rollout completes`,
      ];
}
