/** An AwsError answered in the protocol of the request. */
import { randomUUID } from "node:crypto";
import type { AwsError, AwsResponse, Protocol } from "./protocol.js";
import { builder, xmlCharRefs } from "./xml-response.js";

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
