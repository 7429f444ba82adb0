import type { TmuxSession } from "./tmux.js";

/**
 * Before 50 % and 100 % the runbook's numberless rollback triggers are confirmed clear again, after
 * the step before (issue 13): Esc, c, y on each check the dialog names, Esc.
 */
export async function confirmHeldChecks(t: TmuxSession, d: string): Promise<boolean> {
  const held = [
    ...new Set([...d.matchAll(/no evidence: manual check: (m\d+) .*, before \d+ %/g)].map((m) => m[1]!)),
  ];
  if (!held.length) return false;
  await t.keys("Escape");
  await t.waitFor((s) => !s.includes("Promote to"), "dialog closed");
  await t.keys("c");
  const list = await t.waitFor((s) => s.includes("Manual checks — what golive cannot measure"), "c dialog");
  // The list in its order; j moves the selection one down, each move waited for.
  const order = [...list.matchAll(/^\W*[▸ ] [?✓] (m\d+) /gm)].map((m) => m[1]!);
  let at = order.findIndex((id) => new RegExp(`▸ [?✓] ${id} `).test(list));
  for (const id of held) {
    while (at < order.indexOf(id)) {
      await t.keys("j");
      at++;
      await t.waitFor((s) => new RegExp(`▸ [?✓] ${order[at]} `).test(s), `${order[at]} selected`);
    }
    await t.keys("y");
    await t.waitFor((s) => new RegExp(`✓ ${id} .* confirmed clear by`).test(s), `${id} ✓`);
  }
  await t.keys("Escape");
  await t.waitFor((s) => !s.includes("Manual checks —"), "c dialog closed");
  return true;
}
