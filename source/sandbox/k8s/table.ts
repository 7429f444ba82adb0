/** meta.k8s.io/v1 Table output, so `kubectl get` prints the columns it prints against a real cluster. */

import type { Obj } from "./object-types.js";
import { humanAge } from "./objects.js";

const col = (name: string, type = "string", format = "") => ({
  name,
  type,
  format,
  description: name,
  priority: 0,
});

type Columns = {
  columns: ReturnType<typeof col>[];
  cells: (o: Obj, age: (o: Obj) => string, now: number) => unknown[];
};

const TABLES: Record<string, Columns> = {
  nodes: {
    columns: [col("Name", "string", "name"), col("Status"), col("Roles"), col("Age"), col("Version")],
    cells: (o, age) => {
      const s = o.status as {
        conditions: { type: string; status: string }[];
        nodeInfo: { kubeletVersion: string };
      };
      const ready = s.conditions.find((c) => c.type === "Ready");
      return [
        o.metadata.name,
        ready?.status === "True" ? "Ready" : "NotReady",
        "<none>",
        age(o),
        s.nodeInfo.kubeletVersion,
      ];
    },
  },
  pods: {
    columns: [
      col("Name", "string", "name"),
      col("Ready"),
      col("Status"),
      col("Restarts", "string"),
      col("Age"),
    ],
    cells: (o, age) => {
      const s = o.status as {
        phase: string;
        containerStatuses?: {
          ready: boolean;
          restartCount: number;
          state?: { waiting?: { reason: string } };
        }[];
        conditions?: { type: string; reason?: string }[];
      };
      const cs = s.containerStatuses ?? [];
      const waiting = cs.find((c) => c.state?.waiting)?.state?.waiting?.reason;
      return [
        o.metadata.name,
        `${cs.filter((c) => c.ready).length}/${cs.length || (o.spec as { containers: unknown[] }).containers.length}`,
        waiting ?? s.phase,
        String(cs.reduce((n, c) => n + c.restartCount, 0)),
        age(o),
      ];
    },
  },
  deployments: {
    columns: [
      col("Name", "string", "name"),
      col("Ready"),
      col("Up-to-date", "integer"),
      col("Available", "integer"),
      col("Age"),
    ],
    cells: (o, age) => {
      const s = o.status as { readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
      const want = (o.spec as { replicas: number }).replicas;
      return [
        o.metadata.name,
        `${s.readyReplicas ?? 0}/${want}`,
        s.updatedReplicas ?? 0,
        s.availableReplicas ?? 0,
        age(o),
      ];
    },
  },
  replicasets: {
    columns: [
      col("Name", "string", "name"),
      col("Desired", "integer"),
      col("Current", "integer"),
      col("Ready", "integer"),
      col("Age"),
    ],
    cells: (o, age) => {
      const s = o.status as { replicas: number; readyReplicas: number };
      return [
        o.metadata.name,
        (o.spec as { replicas: number }).replicas,
        s.replicas,
        s.readyReplicas,
        age(o),
      ];
    },
  },
  namespaces: {
    columns: [col("Name", "string", "name"), col("Status"), col("Age")],
    cells: (o, age) => [o.metadata.name, "Active", age(o)],
  },
  events: {
    columns: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Message")],
    cells: (o, _age, now) => {
      const io = o.involvedObject as { kind: string; name: string };
      return [
        humanAge(now - Date.parse(String(o.lastTimestamp))),
        o.type,
        o.reason,
        `${io.kind.toLowerCase()}/${io.name}`,
        o.message,
      ];
    },
  },
};

const DEFAULT: Columns = {
  columns: [col("Name", "string", "name"), col("Age")],
  cells: (o, age) => [o.metadata.name, age(o)],
};

export function table(resource: string, items: Obj[], now: number, resourceVersion: string) {
  const t = TABLES[resource] ?? DEFAULT;
  const age = (o: Obj) => humanAge(now - Date.parse(o.metadata.creationTimestamp));
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: t.columns,
    rows: items.map((o) => ({
      cells: t.cells(o, age, now),
      object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata },
    })),
  };
}
