import { loadAllYaml } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { KUBE_RULES, kubeAllows } from "../../source/domain/k8s-rbac.js";
import { KubeChecks } from "../../source/integrations/kubernetes/kube.js";
import { k8sSuite } from "../helpers/k8s-suite.js";

/**
 * RBAC: the sandbox answers 403 as an API server does when golive's service account lacks a verb;
 * golive names the missing permission in one line (exit 6); `golive doctor` prints the Role, and
 * every Kubernetes call golive makes is one that Role allows.
 */
const k8s = k8sSuite();
const { g, k, whileClockMoves } = k8s;
const DEP = "nba-mcp-synthesis";

/** What RBAC checks for each Kubernetes request in the sandbox's call log. */
function kubeCalls(): { verb: string; resource: string; group: string }[] {
  const re =
    /^(GET|PATCH|PUT) \/(api\/v1|apis\/apps\/v1)(?:\/namespaces\/[^/]+)?\/([a-z]+)(?:\/([^/?]+))?(?:\/([a-z]+))?(\?.*)?$/;
  return k8s.sb.world.log
    .filter((e) => e.kind === "kube")
    .map((e) => re.exec(String(e.operation)))
    .filter((m): m is RegExpExecArray => !!m)
    .map(([, method, api, resource, name, sub, search]) => ({
      verb:
        method === "PATCH"
          ? "patch"
          : method === "PUT"
            ? "update"
            : /[?&]watch=(true|1)/.test(search ?? "")
              ? "watch"
              : name
                ? "get"
                : "list",
      resource: sub ? `${resource}/${sub}` : resource!,
      group: api === "apis/apps/v1" ? "apps" : "",
    }));
}

describe("Kubernetes RBAC", () => {
  it("doctor prints the Role, and every call golive makes (checks, status, set-image, undo) is one it allows", async () => {
    const doctor = await g(["doctor"]);
    const yaml = doctor.stdout.slice(doctor.stdout.indexOf("Least-privilege Kubernetes RBAC"));
    const docs = loadAllYaml(yaml.slice(yaml.indexOf("\n") + 1)) as {
      kind: string;
      metadata: { namespace?: string };
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    }[];
    expect(docs.map((d) => d.kind)).toEqual(["Role", "ClusterRole"]);
    expect(docs[0]!.metadata.namespace).toBe("nba-mcp");
    const printed = docs.flatMap((d) =>
      d.rules.map((r) => ({
        group: r.apiGroups[0],
        resource: r.resources[0],
        verbs: r.verbs,
        cluster: d.kind === "ClusterRole",
      })),
    );
    // Without kubernetes.ingress the Role has no ingress rule (test/integration/ingress-weights.test.ts uses it).
    const used = KUBE_RULES.filter((r) => !r.ingress);
    expect(printed).toEqual(used.map(({ ingress: _i, ...r }) => ({ ...r, cluster: !!r.cluster })));

    k8s.sb.world.log.length = 0;
    expect((await g(["k8s", "status"])).code).toBe(0);
    // The runbook's checks (k8s-api, -nodes, -deployments, -pods, -events) through the same client.
    const checks = new KubeChecks({ kubeconfig: k8s.kubeconfig });
    for (const c of [
      await checks.apiReachable(),
      await checks.nodesReady(),
      await checks.deploymentsAvailable("nba-mcp"),
      await checks.podsReady("nba-mcp", `app=${DEP}`),
      await checks.warningEvents("nba-mcp", 15),
    ])
      expect(c.summary).not.toMatch(/403/);
    const set = await whileClockMoves(g(["k8s", "set-image", `${DEP}:2.1`, "--yes", "--timeout", "60"]));
    expect(set.code, set.stdout + set.stderr).toBe(0);
    const undo = await whileClockMoves(g(["k8s", "undo", "--yes", "--reason", "rbac test"]));
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    const calls = kubeCalls();
    expect(calls.length).toBeGreaterThan(5);
    const outside = calls.filter((c) => !kubeAllows(c.verb, c.resource, c.group));
    expect(outside).toEqual([]);
    // The Role holds no more than golive uses: each of its verbs was needed by some call.
    for (const r of used)
      for (const v of r.verbs)
        expect(
          calls.some((c) => c.resource === r.resource && c.verb === v),
          `${v} ${r.resource}`,
        ).toBe(true);
  });

  it("a missing verb is a 403 for kubectl too, and golive names the permission in one line (exit 6)", async () => {
    const denied = await g([
      "sandbox",
      "fault",
      "rbac",
      "patch",
      "deployments",
      "--port",
      String(new URL(k8s.sb.awsUrl).port),
    ]);
    expect(denied.code, denied.stderr).toBe(0);
    const kc = await k("set", "image", `deployment/${DEP}`, `${DEP}=${DEP}:2.1`, "-n", "nba-mcp");
    expect(kc.code).not.toBe(0);
    expect(kc.stderr).toMatch(
      /forbidden: User "system:serviceaccount:golive:golive" cannot patch resource "deployments"/,
    );
    const r = await g(["k8s", "set-image", `${DEP}:2.1`, "--yes"]);
    expect(r.code).toBe(6);
    const first = r.stderr.split("\n")[0];
    expect(first).toBe(
      `golive: Kubernetes RBAC: system:serviceaccount:golive:golive may not patch deployments.apps in namespace nba-mcp (needed to patch deployment nba-mcp/${DEP}; HTTP 403)`,
    );
    expect(r.stderr).toContain("golive doctor");
    // Reads still work, and the image never changed.
    const d = JSON.parse((await k("get", `deployment/${DEP}`, "-n", "nba-mcp", "-o", "json")).stdout);
    expect(d.spec.template.spec.containers[0].image).toBe(`${DEP}:2.0`);
    // A cluster-scoped read says so.
    await g(["sandbox", "fault", "rbac", "list", "nodes", "--port", String(new URL(k8s.sb.awsUrl).port)]);
    const s = await g(["k8s", "status"]);
    expect(s.code).toBe(6);
    expect(s.stderr.split("\n")[0]).toBe(
      "golive: Kubernetes RBAC: system:serviceaccount:golive:golive may not list nodes cluster-wide (needed to list nodes; HTTP 403)",
    );
  });
});
