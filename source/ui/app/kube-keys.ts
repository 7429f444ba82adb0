/**
 * `i` and `P` in an EKS session: set the Deployment's image, pause or resume its rollout. Each
 * dialog is bound to one plan read from the Kubernetes API (its generation, revision, images,
 * paused) and `y` sends exactly that or nothing: a Deployment changed under the dialog gets
 * nothing, the dialog says so and shows the new situation. The toast claims only what the API read
 * back. Kept apart from App.tsx, which wires them in.
 */
import { formatAge } from "../../domain/gate.js";
import { planChangesNothing } from "../../engine/k8s-actions.js";
import type { Action } from "../keys/keymap.js";
import type { DialogContent } from "./dialogs.js";
import type { CockpitModel } from "./model.js";
import { shiftText } from "./promote-flow.js";
import type { Dialog, KubeDialog } from "./reducer.js";
import type { RunbookKeyDeps } from "./runbook-keys.js";

export interface KubeKeyDeps extends RunbookKeyDeps {
  /** The dialog shown now and the one an overlay hides (a plan arriving for a closed dialog is dropped). */
  shown(): (Dialog | null)[];
}

let ids = 0;
const IMAGE = /^[\w.\-/:@]+$/;

/** Handles `i` / `P`; false for any other action. */
export function performKubeAction(action: Action, d: KubeKeyDeps): boolean {
  if (action !== "image" && action !== "pause") return false;
  const id = ++ids;
  if (action === "image") {
    d.dispatch({ type: "open", dialog: { kind: "k8s", id, verb: "set-image", image: "", typing: true } });
    return true;
  }
  const paused = d.model.rollout?.()?.view?.paused;
  const dialog: KubeDialog = { kind: "k8s", id, verb: paused ? "resume" : "pause", image: "", typing: false };
  d.dispatch({ type: "open", dialog });
  requestPlan(dialog, d);
  return true;
}

function requestPlan(dialog: KubeDialog, d: KubeKeyDeps): void {
  const plan = d.model.actions.planKube;
  if (!plan) return;
  const put = (next: KubeDialog) => d.dispatch({ type: "kubePlan", id: dialog.id, dialog: next });
  plan(dialog.verb, dialog.image || undefined).then(
    (r) => put("plan" in r ? { ...dialog, plan: r.plan } : { ...dialog, error: r.error, kubectl: r.kubectl }),
    (e: Error) => put({ ...dialog, error: e.message }),
  );
}

/** What blocks `y` on this dialog (nothing to send, still reading, already on its way). */
function notReady(dialog: KubeDialog): string | undefined {
  if (dialog.sending) return "on its way: wait for the Kubernetes API";
  if (dialog.error) return "nothing to send: the Deployment could not be read (n closes)";
  if (!dialog.plan) return "reading the Deployment: y works once the change is shown";
  if (nothingToDo(dialog)) return `nothing to send: ${nothingToDo(dialog)}`;
  return undefined;
}

function nothingToDo(dialog: KubeDialog): string | undefined {
  return dialog.plan ? planChangesNothing(dialog.plan) : undefined;
}

/** Handles Enter / `y` in a Kubernetes dialog; false for any other dialog. */
export function submitKubeDialog(dialog: Dialog, d: KubeKeyDeps): boolean {
  if (dialog.kind !== "k8s") return false;
  if (dialog.typing) {
    const image = dialog.image.trim();
    if (!IMAGE.test(image)) {
      d.dispatch({
        type: "kubePlan",
        id: dialog.id,
        dialog: { ...dialog, error: `"${image}" is not an image reference (e.g. app:2.1)` },
      });
      return true;
    }
    const next: KubeDialog = { ...dialog, image, typing: false, error: undefined };
    d.dispatch({ type: "kubePlan", id: dialog.id, dialog: next });
    requestPlan(next, d);
    return true;
  }
  const why = notReady(dialog);
  const execute = d.model.actions.executeKube;
  if (why || !execute || !dialog.plan) {
    d.toast(why ?? "this session releases no Kubernetes Deployment", "info");
    return true;
  }
  const plan = dialog.plan;
  d.dispatch({ type: "kubePlan", id: dialog.id, dialog: { ...dialog, sending: true } });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    d.dispatch({ type: "kubePlan", id: dialog.id, dialog: null });
  };
  void d.run(plan.verb, async () => {
    // The dialog closes once the API accepted the change; the pane and the busy line follow the rollout.
    const r = await execute(plan, close);
    if (r.changed) {
      const next: KubeDialog = {
        ...dialog,
        sending: false,
        plan: r.changed.replan,
        error: r.changed.replan ? undefined : (r.changed.error ?? "the Deployment could not be read again"),
        changed: r.text.replace(/^\S+ NOT sent: /, ""),
      };
      if (d.shown().some((x) => x?.kind === "k8s" && x.id === dialog.id))
        d.dispatch({ type: "kubePlan", id: dialog.id, dialog: next });
      else if (!d.shown()[0]) d.dispatch({ type: "open", dialog: next });
    } else close();
    return shiftText({ ok: r.ok, text: r.text, manualCommand: r.kubectl });
  });
  return true;
}

const TITLE = {
  "set-image": "Set the Deployment's image",
  pause: "Pause the rollout",
  resume: "Resume the rollout",
};

/** A command is shown whole, however narrow the dialog: cut into lines, never truncated. */
function wrapped(text: string, width: number, indent = "  "): string[] {
  const w = Math.max(20, width - indent.length);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += w) out.push(indent + text.slice(i, i + w));
  return out;
}

export function kubeContent(dialog: KubeDialog, model: CockpitModel, width: number): DialogContent {
  const lines: string[] = [];
  const snap = model.rollout?.();
  const name = snap ? `${snap.namespace}/${snap.deployment}` : "the Deployment";
  if (dialog.changed)
    lines.push(
      "✖ the Deployment changed since the dialog — nothing was sent (recorded)",
      `  ${dialog.changed}`,
      "  The new situation:",
    );
  if (dialog.typing) {
    const v = snap?.view;
    const images = v?.revisions.find((r) => r.revision === v.revision)?.images.join(", ");
    lines.push(
      `${name} runs ${images ?? "?"} (revision ${v?.revision ?? "?"}, as last read)`,
      "Type the new image; Enter reads the Deployment again and shows the exact change.",
    );
    return {
      title: TITLE[dialog.verb],
      tone: "danger",
      lines,
      input: { label: "new image", value: dialog.image, error: dialog.error },
      footer: "Enter shows the change · Esc cancels · R rolls back",
    };
  }
  const p = dialog.plan;
  if (!p) {
    lines.push(
      dialog.error
        ? `✖ could not read ${name}: ${dialog.error}`
        : "reading the Deployment from the Kubernetes API…",
      ...(dialog.kubectl
        ? ["Nothing can be sent from here. By hand:", ...wrapped(dialog.kubectl, width)]
        : []),
    );
    return {
      title: TITLE[dialog.verb],
      tone: "danger",
      lines,
      footer: dialog.error
        ? "nothing can be sent · n / Esc closes"
        : "y works once the change is shown · n / Esc",
    };
  }
  const f = p.from;
  const idle = nothingToDo(dialog);
  lines.push(
    `${name} as read ${formatAge(model.now() - f.readAt)} ago: generation ${f.generation}, revision ${f.revision ?? "?"}, ${f.images.join(", ")}${f.paused ? ", PAUSED" : ""}`,
    idle ? `nothing to send: ${idle}` : `y sends exactly: ${p.show}`,
    "By hand, the same change:",
    ...wrapped(p.kubectl, width),
    "Sent only if the Deployment is still at this generation; otherwise nothing is sent.",
    p.verb === "set-image"
      ? "Then follows the rollout: confirmed only when it completes on the new image; failed when its progress deadline passes."
      : "Confirmed only when the API reads spec.paused back.",
  );
  return {
    title: TITLE[p.verb],
    tone: "danger",
    lines,
    footer: dialog.sending
      ? "sending: the API applies it only to the generation shown · R rolls back"
      : idle
        ? "n / Esc closes"
        : "y sends it · n / Esc cancels",
  };
}
