/**
 * The wire formats AWS speaks: awsQuery (form in, XML out) for ELBv2 and, from awscli 2.9,
 * CloudWatch; awsJson 1.0/1.1 for CloudWatch (JS SDK, aws-cli 1.x) and ECS. Errors go back in the
 * protocol of the request.
 */

export type Protocol = "query" | "json1.0" | "json1.1";

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
  }
}

export interface AwsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** `A.member.1.B=x` → `{ A: [{ B: "x" }] }`; `Tags.entry.1.key` maps the same way. */
export function parseQuery(body: string): Record<string, unknown> {
  const params = new URLSearchParams(body);
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const parts = key.split(".");
    let cur: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if ((part === "member" || part === "entry") && i + 1 < parts.length && /^\d+$/.test(parts[i + 1]!))
        continue;
      if (/^\d+$/.test(part) && (parts[i - 1] === "member" || parts[i - 1] === "entry")) {
        const arr = cur as unknown as unknown[];
        const idx = Number(part) - 1;
        if (last) arr[idx] = value;
        else {
          arr[idx] ??= {};
          cur = arr[idx] as Record<string, unknown>;
        }
        continue;
      }
      const obj = cur as Record<string, unknown>;
      if (last) obj[part] = value;
      else {
        const nextIsList =
          (parts[i + 1] === "member" || parts[i + 1] === "entry") && /^\d+$/.test(parts[i + 2] ?? "");
        obj[part] ??= nextIsList ? [] : {};
        cur = obj[part] as Record<string, unknown>;
      }
    }
  }
  return root;
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Timestamps: JSON protocols send epoch seconds (the SDKs) or ISO strings; query sends ISO-8601. */
export function parseTimestamp(v: unknown, name: string): number {
  if (typeof v === "number") return v * 1000;
  if (typeof v === "string" && v !== "") {
    if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new AwsError("InvalidParameterValue", `The parameter ${name} must be a timestamp.`);
}
