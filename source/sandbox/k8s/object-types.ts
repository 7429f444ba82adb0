/** Kubernetes object shapes the sandbox serves. */
export interface Meta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: unknown;
  status?: unknown;
  [k: string]: unknown;
};

export interface Container {
  name: string;
  image: string;
  [k: string]: unknown;
}

export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; [k: string]: unknown };
}

export interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  template: PodTemplate;
  strategy: {
    type: "RollingUpdate" | "Recreate";
    rollingUpdate?: { maxSurge: number | string; maxUnavailable: number | string };
  };
  progressDeadlineSeconds: number;
  revisionHistoryLimit: number;
  minReadySeconds: number;
  paused?: boolean;
}
