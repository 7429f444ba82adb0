/**
 * A failed traffic change's toast carries the manual command: its ARNs are shortened with an
 * ellipsis (never cut mid-token, never wrapped), and it points to `golive status`, where the whole
 * command is (integration/engine.test.ts checks that half).
 */
import { describe, expect, it } from "vitest";
import { AlbTraffic } from "../../source/integrations/aws/alb.js";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt, width } from "../helpers/ink.js";

const L =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/nba-mcp-prod-alb/50dc6c495c0c9188/f2f7dc8efc522ab2";
const tg = (n: string, id: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${n}/${id}`;
const command = new AlbTraffic({} as never, {
  listenerArn: L,
  blueTargetGroupArn: tg("nba-mcp-blue", "6d0ecf831eec9f09"),
  greenTargetGroupArn: tg("nba-mcp-green", "943f017f100becff"),
}).manualCommand({ blue: 100, green: 0 });

describe("the manual command in a toast", () => {
  for (const columns of [80, 200]) {
    it(`at ${columns} columns: ARNs shortened with …, the listener id kept, whole command in golive status`, async () => {
      const { m } = await model();
      m.actions.rollback = async () => ({
        ok: false,
        text: "rollback NOT confirmed: ModifyListener failed: ThrottlingException: Rate exceeded",
        manualCommand: command,
      });
      const size = { columns, rows: 30 };
      const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
      await r.waitFor((x) => x.includes("Timeline"), "cockpit");
      await r.press("R");
      await r.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
      await r.press("y");
      const f = await r.waitFor((x) => x.includes("whole command: golive status"), "the toast");
      const line = f.split("\n").find((l) => l.includes("by hand"))!;
      expect(width(line)).toBeLessThanOrEqual(columns);
      // Shortened, not cut: no ARN runs into the end of the line, the listener's own id is there.
      expect(line).not.toContain("arn:aws");
      expect(line).toMatch(
        /^✖ rollback NOT confirmed → by hand \(whole command: golive status\): aws elbv2 /,
      );
      if (columns >= 200) {
        expect(line).toContain("--listener-arn '…/f2f7dc8efc522ab2' --default-actions");
      }
      r.unmount();
    });
  }
});
