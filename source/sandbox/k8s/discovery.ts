/** Discovery on the sandbox's API server: /version, /api, /apis and each group's resource list, as kubectl reads them. */
import { NETWORKING_GROUP, NETWORKING_RESOURCES } from "./ingress-api.js";

const resource = (name: string, kind: string, verbs: string[], shortNames?: string[], namespaced = true) => ({
  name,
  singularName: name.includes("/") ? "" : kind.toLowerCase(),
  namespaced,
  kind,
  verbs,
  ...(shortNames ? { shortNames } : {}),
});
const READ = ["get", "list", "watch"];
const RESOURCES_V1 = [
  resource("nodes", "Node", READ, ["no"], false),
  resource("namespaces", "Namespace", READ, ["ns"], false),
  resource("pods", "Pod", READ, ["po"]),
  resource("events", "Event", READ, ["ev"]),
  resource("services", "Service", READ, ["svc"]),
];
const RESOURCES_APPS = [
  { ...resource("deployments", "Deployment", [...READ, "patch", "update"], ["deploy"]), categories: ["all"] },
  resource("deployments/status", "Deployment", ["get"]),
  {
    ...resource("deployments/scale", "Scale", ["get", "patch", "update"]),
    group: "autoscaling",
    version: "v1",
  },
  { ...resource("replicasets", "ReplicaSet", READ, ["rs"]), categories: ["all"] },
];

export function discovery(path: string, version: string, serverUrl: () => string): unknown {
  if (path === "/version") {
    const [major, minor] = version.replace(/^v/, "").split(".");
    return {
      major,
      minor,
      gitVersion: `${version}-eks-golive-sandbox`,
      platform: "linux/amd64",
      goVersion: "go1.23.1",
      compiler: "gc",
    };
  }
  if (path === "/healthz" || path === "/readyz" || path === "/livez") return "ok";
  if (path === "/api")
    return {
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [
        { clientCIDR: "0.0.0.0/0", serverAddress: serverUrl().replace(/^https?:\/\//, "") },
      ],
    };
  if (path === "/apis")
    return {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: [
        {
          name: "apps",
          versions: [{ groupVersion: "apps/v1", version: "v1" }],
          preferredVersion: { groupVersion: "apps/v1", version: "v1" },
        },
        NETWORKING_GROUP,
      ],
    };
  if (path === "/apis/networking.k8s.io/v1") return NETWORKING_RESOURCES;
  if (path === "/api/v1") return { kind: "APIResourceList", groupVersion: "v1", resources: RESOURCES_V1 };
  if (path === "/apis/apps/v1")
    return {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: "apps/v1",
      resources: RESOURCES_APPS,
    };
  return undefined;
}
