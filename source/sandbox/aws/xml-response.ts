/** awsQuery responses: the result shape as XML, with the characters XML cannot hold as references. */
import { randomUUID } from "node:crypto";
import { XMLBuilder } from "fast-xml-parser";
import type { AwsResponse } from "./protocol.js";

export const builder = new XMLBuilder({
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
