/** awsJson responses: the result shape as JSON, timestamps as epoch seconds. */
import { randomUUID } from "node:crypto";
import type { AwsResponse, Protocol } from "./protocol.js";

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
