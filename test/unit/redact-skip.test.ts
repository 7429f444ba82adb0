/**
 * redact's skip for texts the build found clean (rulesLeaveAlone, runbook/shipped.ts) and the edges
 * of secret-looks.ts the corpus does not reach. The skip is keyed on the exact text: a text that
 * differs by the environment's secret, or at all, goes through every rule.
 */
import { describe, expect, it } from "vitest";
import { redact, redactEnvironmentSecrets, rulesLeaveAlone } from "../../source/domain/redact.js";
import { isPlaceholder, randomLooking } from "../../source/domain/secret-looks.js";

describe("a text the build found clean", () => {
  // Registered on purpose with a shape the rules would take: the only way to see that they were skipped.
  const KEPT = "skip-test: the password is Zq9-kept-as-is";
  const OTHER = "skip-test: the password is Zq9-not-registered";

  it("is given back without the rules; any other text still goes through them", () => {
    // Inside the test, not at collection: Stryker's per-test coverage then sees it called.
    expect(redact(KEPT)).toBe("skip-test: the password is [REDACTED:password]");
    rulesLeaveAlone(KEPT);
    expect(redact(KEPT)).toBe(KEPT);
    expect(redact(OTHER)).toBe("skip-test: the password is [REDACTED:password]");
  });

  it("still loses the environment's secret values, and then the rules run over it", () => {
    const text = "skip-test: DB_PASSWORD=Zq9-env-value-1 then the password is Zq9-kept";
    rulesLeaveAlone(text);
    redactEnvironmentSecrets({ DB_PASSWORD: "Zq9-env-value-1" });
    try {
      expect(redact(text)).toBe(
        "skip-test: DB_PASSWORD=[REDACTED:env-secret] then the password is [REDACTED:password]",
      );
    } finally {
      redactEnvironmentSecrets({});
    }
  });
});

describe("secret-looks edges", () => {
  it("an empty shell expansion is a placeholder", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, on purpose
    expect(isPlaceholder("${}")).toBe(true);
  });

  it("a base32 seed is taken only whole, not glued to other characters", () => {
    expect(randomLooking("JBSWY3DPEHPK3PXP")).toBe(true);
    expect(randomLooking("-JBSWY3DPEHPK3PXP")).toBe(false);
    expect(randomLooking("JBSWY3DPEHPK3PXP-")).toBe(false);
  });
});
