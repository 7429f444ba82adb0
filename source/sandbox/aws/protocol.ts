/**
 * The wire formats AWS speaks: awsQuery (form in, XML out) for ELBv2 and, from awscli 2.9,
 * CloudWatch; awsJson 1.0/1.1 for CloudWatch (JS SDK, aws-cli 1.x) and ECS. Errors go back in the
 * protocol of the request.
 */
import { randomUUID } from "node:crypto";
import { XMLBuilder } from "fast-xml-parser";

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

const builder = new XMLBuilder({
  ignoreAttributes: false,
  suppressEmptyNode: false,
  format: false,
  processEntities: true,
});

/**
 * XML 1.0 cannot carry C0 controls (nor CR untouched, nor U+FFFE/U+FFFF or a lone surrogate) as
 * characters. AWS sends such characters as numeric character references (S3 documents it for
 * object keys), which the JS SDK's parser decodes and a strict XML 1.0 parser refuses: the sandbox
 * does the same, so a hostile string keeps the document's structure instead of corrupting it.
 * The builder never emits these characters itself, so every one in its output came from data.
 */
const XML_UNSAFE =
  /[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export function xmlCharRefs(xml: string): string {
  return xml.replace(XML_UNSAFE, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

/** Wraps arrays as `<member>` lists, the way awsQuery serializes them. */
export function toQueryShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? { member: value.map(toQueryShape) } : "";
  if (value instanceof Map) return { entry: [...value].map(([key, v]) => ({ key, value: toQueryShape(v) })) };
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toQueryShape(v)]),
    );
  }
  return value;
}

export function xmlResponse(
  operation: string,
  namespace: string,
  result: Record<string, unknown> | undefined,
): AwsResponse {
  const requestId = randomUUID();
  const doc = {
    [`${operation}Response`]: {
      "@_xmlns": namespace,
      ...(result ? { [`${operation}Result`]: toQueryShape(result) } : {}),
      ResponseMetadata: { RequestId: requestId },
    },
  };
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${xmlCharRefs(builder.build(doc))}`,
  };
}

/** JSON protocols carry timestamps as epoch seconds and maps as objects. */
export function toJsonShape(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toJsonShape(v)]));
  if (Array.isArray(value)) return value.map(toJsonShape);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJsonShape(v)]),
    );
  }
  return value;
}

export function jsonResponse(protocol: Protocol, result: unknown): AwsResponse {
  const requestId = randomUUID();
  return {
    status: 200,
    headers: {
      "content-type": `application/x-amz-json-${protocol === "json1.1" ? "1.1" : "1.0"}`,
      "x-amzn-requestid": requestId,
    },
    body: JSON.stringify(toJsonShape(result ?? {})),
  };
}

/**
 * An error as the service would send it. `jsonType` is the JSON `__type` where it differs from the
 * query code (ECS uses `...Exception`); CloudWatch's awsQueryCompatible JSON also carries the query
 * code in `x-amzn-query-error`, which the SDKs read.
 */
export function errorResponse(
  protocol: Protocol,
  e: AwsError,
  opts: { queryCompatible?: boolean; jsonType?: string } = {},
): AwsResponse {
  const requestId = randomUUID();
  if (protocol === "query") {
    const body = xmlCharRefs(
      builder.build({
        ErrorResponse: {
          Error: { Type: e.type, Code: e.code, Message: e.message },
          RequestId: requestId,
        },
      }),
    );
    return { status: e.status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body };
  }
  const headers: Record<string, string> = {
    "content-type": `application/x-amz-json-${protocol === "json1.1" ? "1.1" : "1.0"}`,
    "x-amzn-requestid": requestId,
  };
  if (opts.queryCompatible) headers["x-amzn-query-error"] = `${e.code};${e.type}`;
  return {
    status: e.status,
    headers,
    body: JSON.stringify({ __type: opts.jsonType ?? e.code, message: e.message }),
  };
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
