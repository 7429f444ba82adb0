/**
 * R's confirmation names the write golive really makes: with the AWS Load Balancer Controller
 * owning the listener (config kubernetes.ingress), the rollback patches the Ingress's action
 * annotation, never ModifyListener, so the dialog must not promise a listener write.
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

describe("the rollback dialog names the write", () => {
  for (const columns of [200, 80, 40]) {
    it(`at ${columns} columns: an Ingress-owned listener is rolled back through the Ingress`, async () => {
      const { m } = await model();
      m.trafficIngress = { ingress: "shop/checkout", action: "blue-green" };
      const size = { columns, rows: 30 };
      const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
      await r.waitFor((x) => x.includes("R"), "cockpit");
      await r.press("R");
      const f = await r.waitFor((x) => x.includes("annotate Ingress shop/checkout"), "rollback dialog");
      expect(f).not.toContain("ModifyListener");
      if (columns >= 80) expect(f).toContain("annotate Ingress shop/checkout, action blue-green");
    });
  }

  it("without an Ingress, the dialog names ModifyListener on the listener", async () => {
    const { m } = await model();
    const size = { columns: 200, rows: 30 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((x) => x.includes("Timeline"), "cockpit");
    await r.press("R");
    const f = await r.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
    expect(f).toContain("ModifyListener");
    expect(f).not.toContain("annotate Ingress");
  });
});
