/**
 * Issue 18's listener findings, each against the sandbox with the real SDK client: the whole default
 * action list written back (authenticate actions, a third target group, stickiness), rules above the
 * default action shown as gate reasons, ALB weights read the way ALB means them (999/1 is not 100/0,
 * a forward without Weight is not 0/0), and a failed read never turning into a write. AWS's state is
 * read from the sandbox's own world, never through golive's adapter.
 */
import { CreateRuleCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, it } from "vitest";
import { describeEvent } from "../../source/domain/describe.js";
import { defaultScenario } from "../../source/sandbox/scenario.js";
import type { ListenerAction } from "../../source/sandbox/world.js";
import { type EngineRig, engineOnSandbox } from "../helpers/engine.js";
import { modifies, of } from "../helpers/traffic.js";

const listener = (rig: EngineRig) => rig.sb.world.alb.listener.actions;

/** A scenario with a third target group (a shadow service) beside blue and green. */
function withShadow() {
  const s = defaultScenario();
  s.targetGroups.push({
    key: "shadow",
    name: "nba-mcp-shadow",
    id: "0a1b2c3d4e5f6a7b",
    version: "v0-shadow",
    errorRate: 0,
    latency: { medianMs: 10, p95Ms: 20 },
    initialWeight: 0,
  });
  return s;
}

/** The same action list with only blue's and green's forward weights set to `blue`/`green`. */
function withWeights(rig: EngineRig, actions: ListenerAction[], blue: number, green: number) {
  const { blueTargetGroupArn: B, greenTargetGroupArn: G } = rig.config.alb;
  return actions.map((a) =>
    a.Type !== "forward"
      ? a
      : {
          ...a,
          ForwardConfig: {
            ...a.ForwardConfig!,
            TargetGroups: a.ForwardConfig!.TargetGroups.map((t) =>
              t.TargetGroupArn === B
                ? { ...t, Weight: blue }
                : t.TargetGroupArn === G
                  ? { ...t, Weight: green }
                  : t,
            ),
          },
        },
  );
}

describe("ModifyListener replaces the whole action list: golive sends it back intact", () => {
  it("authenticate-oidc (its secret kept by AWS), authenticate-cognito, a third target group and stickiness survive a promote and a rollback", async () => {
    const rig = await engineOnSandbox({ sandbox: { scenario: withShadow() } });
    try {
      const { blueTargetGroupArn: B, greenTargetGroupArn: G } = rig.config.alb;
      const shadow = rig.sb.world.alb.tgByKey("shadow").arn;
      const original: ListenerAction[] = [
        {
          Type: "authenticate-oidc",
          Order: 1,
          AuthenticateOidcConfig: {
            Issuer: "https://idp.example.com",
            AuthorizationEndpoint: "https://idp.example.com/authorize",
            TokenEndpoint: "https://idp.example.com/token",
            UserInfoEndpoint: "https://idp.example.com/userinfo",
            ClientId: "golive-client",
            ClientSecret: "kept-by-aws-never-described",
            Scope: "openid",
            OnUnauthenticatedRequest: "authenticate",
          },
        },
        {
          Type: "authenticate-cognito",
          Order: 2,
          AuthenticateCognitoConfig: {
            UserPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example",
            UserPoolClientId: "5example1client",
            UserPoolDomain: "golive-auth",
          },
        },
        {
          Type: "forward",
          Order: 3,
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: B, Weight: 100 },
              { TargetGroupArn: G, Weight: 0 },
              { TargetGroupArn: shadow, Weight: 3 },
            ],
            TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
          },
        },
      ];
      rig.sb.world.setListenerActions(structuredClone(original));
      const p = await rig.engine.promote({ by: "Ann", override: "drill" });
      expect(p.ok, p.error).toBe(true);
      expect(listener(rig)).toEqual(withWeights(rig, original, 90, 10));
      const r = await rig.engine.rollback({ by: "Ann", reason: "drill" });
      expect(r.ok, r.error).toBe(true);
      expect(listener(rig)).toEqual(withWeights(rig, original, 100, 0));
      expect(modifies(rig)).toHaveLength(2);
    } finally {
      await rig.stop();
    }
  });
});

describe("rules above the default action", () => {
  it("are read with the plan and shown as gate reasons: a promote without an override is refused and sends nothing", async () => {
    const rig = await engineOnSandbox();
    try {
      const { listenerArn, greenTargetGroupArn: G } = rig.config.alb;
      await rig.aws.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 10,
          Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["/api/v2/*"] } }],
          Actions: [{ Type: "forward", ForwardConfig: { TargetGroups: [{ TargetGroupArn: G, Weight: 1 }] } }],
        }),
      );
      const { gate } = await rig.engine.planPromote();
      const reason =
        "listener rule 10 (path-pattern=/api/v2/*) sends matching requests to forward green=1, not through this shift";
      expect(gate.reasons).toContain(reason);
      expect(gate.allowed).toBe(false);
      await expect(rig.engine.promote({ by: "Ann" })).rejects.toThrow(reason);
      expect(modifies(rig)).toHaveLength(0);
      // The dialog's plan sent with `y` alone is refused for the same reason (the engine judges the
      // plan's own read, not only the monitor's gate), and nothing is recorded or sent.
      const { plan } = await rig.engine.planPromote();
      await expect(rig.engine.executePlan(plan!, { by: "Ann" })).rejects.toThrow(reason);
      expect(modifies(rig)).toHaveLength(0);
      // Pressed through with a reason: sent, and the request carries who, why and every reason overridden.
      const r = await rig.engine.executePlan(plan!, {
        by: "Bob",
        override: "the v2 rule is the beta cohort",
      });
      expect(r.ok, r.error).toBe(true);
      const req = rig.store.events.filter((e) => e.type === "traffic.shift.requested").at(-1)!;
      expect(req.by).toBe("Bob");
      expect(req.data).toMatchObject({ override: "the v2 rule is the beta cohort" });
      const overridden = (req.data as { overridden?: string[] }).overridden ?? [];
      expect(overridden).toContain(reason);
      expect(overridden.length).toBeGreaterThan(1);
      expect(describeEvent(req)).toContain(`gate overridden by Bob: `);
      expect(describeEvent(req)).toContain(reason);
    } finally {
      await rig.stop();
    }
  });
});

describe("ALB weights as ALB means them", () => {
  it("999/1 is green 0.1 %, not 100/0: first sight records it, and a rollback from it is a real rollback", async () => {
    const rig = await engineOnSandbox();
    try {
      const { blueTargetGroupArn: B, greenTargetGroupArn: G } = rig.config.alb;
      rig.sb.world.setListenerActions([
        {
          Type: "forward",
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: B, Weight: 999 },
              { TargetGroupArn: G, Weight: 1 },
            ],
          },
        },
      ]);
      await rig.engine.monitor.pollListener();
      expect(rig.store.state.weights).toEqual({ blue: 99.9, green: 0.1 });
      const r = await rig.engine.rollback({ by: "Ann", reason: "green must take nothing" });
      expect(r.ok, r.error).toBe(true);
      expect(r.nothingToMove).toBeFalsy();
      const fwd = listener(rig).find((a) => a.Type === "forward")!;
      expect(fwd.ForwardConfig!.TargetGroups.find((t) => t.TargetGroupArn === G)?.Weight).toBe(0);
      expect(modifies(rig)).toHaveLength(1);
    } finally {
      await rig.stop();
    }
  });

  for (const [shape, action] of [
    ["a ForwardConfig target without Weight", "forwardConfig"],
    ["TargetGroupArn alone (no ForwardConfig)", "arn"],
  ] as const) {
    it(`a single-target forward with ${shape} is blue 100 / green 0, not 0/0: no false drift, and a promote from it works`, async () => {
      const rig = await engineOnSandbox();
      try {
        const { blueTargetGroupArn: B, greenTargetGroupArn: G } = rig.config.alb;
        rig.sb.world.setListenerActions([
          action === "arn"
            ? { Type: "forward", TargetGroupArn: B }
            : { Type: "forward", ForwardConfig: { TargetGroups: [{ TargetGroupArn: B }] } },
        ]);
        const l = await rig.engine.controller.observe();
        expect(l.weights).toEqual({ blue: 100, green: 0 });
        expect(rig.store.state.weights).toEqual({ blue: 100, green: 0 });
        for (let i = 0; i < 3; i++) {
          rig.sb.clock.advance(11_000);
          await rig.engine.monitor.pollListener();
        }
        expect(
          of(rig, "drift.detected").filter((e) => (e.data as { expected: unknown }).expected !== null),
        ).toEqual([]);
        expect(rig.store.state.alerts).toEqual([]);
        const p = await rig.engine.promote({ by: "Ann", override: "drill" });
        expect(p.ok, p.error).toBe(true);
        const fwd = listener(rig).find((a) => a.Type === "forward")!;
        expect(fwd.ForwardConfig!.TargetGroups).toEqual([
          { TargetGroupArn: B, Weight: 90 },
          { TargetGroupArn: G, Weight: 10 },
        ]);
      } finally {
        await rig.stop();
      }
    });
  }
});

describe("a failed read is never a write", () => {
  it("with DescribeListeners failing, neither promote, nor a bound plan, nor a rollback with no action list sends anything; stickiness stays as AWS has it", async () => {
    // One SDK attempt per call: the failures are the point, not the SDK's retry delays.
    const rig = await engineOnSandbox({ config: (c) => ({ ...c, aws: { ...c.aws, maxAttempts: 1 } }) });
    try {
      const { blueTargetGroupArn: B, greenTargetGroupArn: G } = rig.config.alb;
      const sticky: ListenerAction[] = [
        {
          Type: "forward",
          Order: 1,
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: B, Weight: 100 },
              { TargetGroupArn: G, Weight: 0 },
            ],
            TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
          },
        },
      ];
      rig.sb.world.setListenerActions(structuredClone(sticky));
      // A plan made while AWS answered; then AWS stops answering DescribeListeners.
      const { plan } = await rig.engine.planPromote();
      rig.sb.world.faults.addApi("DescribeListeners", "500", 10_000);
      const bound = await rig.engine.executePlan(plan!, { by: "Ann", override: "drill" });
      expect(bound).toMatchObject({ ok: false });
      expect(bound.error).toMatch(/could not read the listener before the write, so nothing was sent/);
      const promote = await rig.engine.promote({ by: "Ann", override: "drill" });
      expect(promote).toMatchObject({ ok: false });
      expect(promote.error).toMatch(/could not read the listener from AWS, so nothing was sent/);
      // A second golive that never read the listener: it cannot send the action list back whole.
      const other = rig.engineWith(rig.config);
      try {
        const rb = await other.engine.rollback({ by: "Bob", reason: "drill" });
        expect(rb).toMatchObject({ ok: false });
        expect(rb.error).toMatch(/could not read the listener's default actions, so nothing was sent/);
      } finally {
        other.aws.destroy();
      }
      expect(modifies(rig)).toHaveLength(0);
      expect(listener(rig)).toEqual(sticky);
      // AWS answers again: the promote goes through with stickiness exactly as it was.
      rig.sb.world.clearFaults();
      const ok = await rig.engine.promote({ by: "Ann", override: "drill" });
      expect(ok.ok, ok.error).toBe(true);
      expect(listener(rig)).toEqual(withWeights(rig, sticky, 90, 10));
    } finally {
      await rig.stop();
    }
  });
});
