/**
 * Cockpit `S` (issue 13): the sign-off dialog. The same plan as `golive sign` (domain/signoff-plan.ts)
 * decides what `y` records, drawn before the key: the status and role, what is open (a success is
 * refused until they are closed or accepted with a reason, `o`), and the exact blanks it fills.
 */
import type { SignStatus } from "../../domain/events.js";
import { planSignoff, type SignInput, type SignPlan } from "../../domain/signoff-plan.js";
import { roleBlanks } from "../../domain/signoff-roles.js";
import type { DialogContent } from "./dialogs.js";
import type { CockpitModel } from "./model.js";
import type { Dialog, UiEvent } from "./reducer.js";

export const SIGN_STATUSES: (SignStatus | undefined)[] = ["success", "rolled-back", "in-progress", undefined];

type SignDialog = Extract<Dialog, { kind: "sign" }>;

export function signInput(d: SignDialog, model: CockpitModel): SignInput {
  const roles = roleBlanks(model.runbook);
  const status = SIGN_STATUSES[d.status % SIGN_STATUSES.length];
  // 0: no role named (a sign-off fills the block's first unsigned role, as golive sign does).
  const i = roles.length ? d.role % (roles.length + 1) : 0;
  const role = i > 0 ? roles[i - 1] : undefined;
  // Status "role only" with the automatic role: the first role nobody has signed yet.
  const chosen = role ?? (status ? undefined : roles.find((r) => !model.state().fields[r.name.id]));
  return {
    ...(status ? { status } : {}),
    signer: model.user,
    ...(chosen ? { role: chosen.role } : {}),
    ...(d.reason ? { accept: d.reason } : {}),
  };
}

export function signPlan(
  d: SignDialog,
  model: CockpitModel,
): { input: SignInput; plan?: SignPlan; error?: string } {
  const input = signInput(d, model);
  try {
    return { input, plan: planSignoff(model.runbook, model.state(), model.events(), model.now(), input) };
  } catch (e) {
    return { input, error: (e as Error).message };
  }
}

export function signContent(d: SignDialog, model: CockpitModel): DialogContent {
  const { input, plan, error } = signPlan(d, model);
  const roles = roleBlanks(model.runbook);
  const lines = [
    `Signer: ${model.user} · status: ${input.status ?? "none (sign a role only)"} (s) · role: ${input.role ?? (roles.length ? "the block's first unsigned one" : "the runbook's block has no roles")}${roles.length ? " (Tab)" : ""}`,
    "",
  ];
  if (error) lines.push(`✖ ${error}`);
  else if (plan?.kind === "refused") {
    lines.push(`✖ success is refused: ${plan.blockers.length} open point(s):`);
    lines.push(...plan.blockers.slice(0, 12).map((b) => `  ✖ ${b.text}`));
    if (plan.blockers.length > 12) lines.push(`  … and ${plan.blockers.length - 12} more`);
    lines.push(
      "",
      "Close them, or o: accept them with a reason (the list and the reason go into the record).",
    );
  } else if (plan) {
    if (plan.kind === "signed" && plan.accepted)
      lines.push(`⚠ ACCEPTING ${plan.accepted.open.length} open point(s) — reason: ${plan.accepted.reason}`);
    lines.push(
      plan.kind === "role"
        ? `y records: role ${plan.role.role} signed by ${model.user} (the session stays open)`
        : `y records: signed ${plan.status} by ${model.user}${plan.role ? ` as ${plan.role.role}` : ""} — the session is closed; later records are amendments`,
      ...plan.fields.map((f) => `  fills ${f.field} = ${f.value}`),
    );
  }
  const ready = !!plan && plan.kind !== "refused";
  return {
    title: "Sign off (golive sign's rules)",
    tone: "danger",
    lines,
    input: d.accept !== null ? { label: "reason for accepting the open points", value: d.accept } : undefined,
    footer:
      d.accept !== null
        ? "type the reason · Enter sets it · Esc back"
        : `${ready ? "y signs (recorded) · " : ""}s status · Tab role${plan?.kind === "refused" || d.reason ? " · o accept with a reason" : ""} · n / Esc cancels`,
  };
}

/** `y` (or Enter after typing the reason) in the sign dialog. */
export function submitSign(
  d: SignDialog,
  model: CockpitModel,
  deps: {
    dispatch(e: UiEvent): void;
    run(
      what: string,
      fn: () => Promise<{ text: string; tone: "ok" | "bad" | "info" } | undefined>,
    ): Promise<void>;
    toast(text: string, tone: "ok" | "bad" | "info"): void;
  },
): void {
  if (d.accept !== null) {
    const reason = d.accept.trim();
    deps.dispatch({
      type: "open",
      dialog: { ...d, accept: null, ...(reason ? { reason } : { reason: undefined }) },
    });
    return;
  }
  const { input, plan, error } = signPlan(d, model);
  if (error || !plan || plan.kind === "refused") {
    deps.toast(
      error ?? "nothing signed: success is refused while points are open (o accepts them with a reason)",
      "info",
    );
    return;
  }
  deps.dispatch({ type: "close" });
  void deps.run("sign", async () => ({ text: `✓ ${await model.actions.sign(input)}`, tone: "ok" }));
}
