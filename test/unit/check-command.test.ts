/**
 * What `golive check c<N>` would run, planned from the runbook alone: the block's item (or a name
 * for a block outside any item), the exact text the confirmation shows, a program on stdin under a
 * delimiter its script does not hold, a block that moves traffic or capacity refused whole with the
 * engine actions that do its steps, and the environment a command sees (only the parts the config
 * names, recorded values as GOLIVE_F<n>).
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import type { SessionState } from "../../source/domain/events.js";
import { commandEnv, planCommand, RefusedBlockError } from "../../source/engine/check-command.js";
import { fieldValuesShown } from "../../source/engine/check-fields.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const F = "```";
const TEXT = `# R

## Step 1: Prepare

- [ ] Version: ________
- [ ] Run it
  ${F}sh
  echo {{f1}} {{f1}}
  ${F}

${F}python
#!/usr/bin/env python3
print("EOF")
EOF
EOF_
${F}

## Step 2: Shift

${F}sh
aws elbv2 modify-listener --listener-arn $LISTENER_ARN --default-actions x
aws ecs update-service --cluster c --service s --desired-count 0
aws elbv2 modify-listener --listener-arn $LISTENER_ARN --default-actions y
${F}

## Step 3: Look

${F}
#!/bin/bash
echo plain
${F}
`;
const rb = parseRunbook("r.md", TEXT, "0");

const recorded = (value: string) =>
  ({
    fields: { f1: { value, source: "manual", by: "t", at: "2026-01-01T00:00:00Z" } },
  }) as unknown as SessionState;
const empty = { fields: {} } as unknown as SessionState;

const ALB = {
  listenerArn: "arn:listener",
  blueTargetGroupArn: "arn:tg-blue",
  greenTargetGroupArn: "arn:tg-green",
};

describe("planCommand", () => {
  it("a shell block under an item: that item, the values shown as an env prefix, the block as a here-document", () => {
    const plan = planCommand(rb, "c1", recorded("v2.4.1"), undefined);
    expect(plan.item.id).toBe("i2");
    expect(plan.kind).toBe("command");
    expect(plan.dangerous).toBe(true);
    expect(plan.command).toBe(`echo "\${GOLIVE_F1}" "\${GOLIVE_F1}"`);
    // One name per field however often it is used, its value quoted for the shell.
    expect(plan.shows).toBe(
      `env GOLIVE_F1=v2.4.1 bash -e <<'EOF'\necho "\${GOLIVE_F1}" "\${GOLIVE_F1}"\nEOF`,
    );
    expect(plan.env).toEqual({ GOLIVE_F1: "v2.4.1" });
  });

  it("a program outside any item: named by its step, language and line, run on stdin under a delimiter it does not hold", () => {
    const plan = planCommand(rb, "c2", empty, undefined);
    expect(plan.item).toMatchObject({
      id: "c2",
      text: "Step 1: Prepare (python block, line 11)",
      section: "step-1-prepare",
    });
    expect(plan.item.checkedInSource).toBe(false);
    expect(plan.item.depth).toBe(0);
    expect(plan.item.position.line).toBe(11);
    const script = '#!/usr/bin/env python3\nprint("EOF")\nEOF\nEOF_';
    expect(plan.command).toBe(`python3 <<'EOF__'\n${script}\nEOF__`);
    expect(plan.shows).toBe(plan.command);
    expect(plan.env).toEqual({});
  });

  it("a block with no language is a shell block, named as such", () => {
    const plan = planCommand(rb, "c4", empty, undefined);
    expect(plan.item.text).toBe("Step 3: Look (shell block, line 28)");
    expect(plan.shows).toBe(`bash -e <<'EOF'\n${rb.commands[3]?.script}\nEOF`);
    expect(plan.shows).toContain("echo plain");
  });

  it("a block that moves traffic and capacity is refused whole, each command with its lines, and the actions that do it", () => {
    let err: unknown;
    try {
      planCommand(rb, "c3", empty, undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RefusedBlockError);
    expect((err as Error).message).toBe(
      "c3 changes traffic and capacity: aws elbv2 modify-listener (line 21, 23), aws ecs update-service (line 22); " +
        "golive never runs such a block as a script — do the step with " +
        "`p` in the cockpit or `golive promote` (gated, confirmed, read back from AWS); or " +
        "`golive ecs deploy-green` (creates or updates green and waits for steady state)",
    );
  });

  it("an unknown id is named with the runbook's range", () => {
    expect(() => planCommand(rb, "c9", empty, undefined)).toThrow(
      `no command "c9" in this runbook (commands are c1–c${rb.commands.length})`,
    );
  });
});

describe("commandEnv", () => {
  it("only what the config names: ALB names, the cluster, the region, endpoint, profile, sandbox keys, kubeconfig", () => {
    const full = {
      aws: { region: "eu-west-1", endpoint: "http://127.0.0.1:1", profile: "ops", sandbox: true },
      alb: ALB,
      ecs: { cluster: "prod", blueService: "b", greenService: "g" },
      kubernetes: { kubeconfig: "/k/config" },
    } as unknown as EnvConfig;
    expect(commandEnv(full, rb, recorded("v1"))).toEqual({
      LISTENER_ARN: "arn:listener",
      TG_BLUE: "arn:tg-blue",
      TG_GREEN: "arn:tg-green",
      TARGET_GROUP_BLUE: "arn:tg-blue",
      TARGET_GROUP_GREEN: "arn:tg-green",
      CLUSTER: "prod",
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_ENDPOINT_URL: "http://127.0.0.1:1",
      AWS_PROFILE: "ops",
      AWS_ACCESS_KEY_ID: "sandbox",
      AWS_SECRET_ACCESS_KEY: "sandbox",
      KUBECONFIG: "/k/config",
      GOLIVE_F1: "v1",
    });
    const bare = { aws: { region: "us-east-1", sandbox: false } } as unknown as EnvConfig;
    // No key at all for what the config leaves out (not a key set to undefined).
    expect(commandEnv(bare, rb, empty)).toStrictEqual({
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1",
    });
  });
});

describe("fieldValuesShown", () => {
  it("nothing for a command with no {{fN}}; an unset value shown empty, quoted", () => {
    expect(fieldValuesShown("echo hi", { GOLIVE_F1: "x" })).toBe("");
    expect(fieldValuesShown("echo {{f1}} {{f2}}", { GOLIVE_F1: "a b" })).toBe(
      "env GOLIVE_F1='a b' GOLIVE_F2='' ",
    );
  });
});
