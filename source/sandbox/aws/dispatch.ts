/**
 * One AWS request → one service handler: routes on X-Amz-Target (ECS, CloudWatch JSON) or on
 * Action= plus the SigV4 credential scope (ELBv2, CloudWatch query), requires a signature, applies
 * injected API faults, logs the call, and answers errors in the protocol of the request.
 */
import type { IncomingHttpHeaders } from "node:http";
import { weightsOf } from "../world/alb.js";
import type { ApiFault } from "../world/fault-types.js";
import type { World } from "../world.js";
import { handleCloudWatch } from "./cloudwatch.js";
import { handleEcs } from "./ecs.js";
import { elbv2Result, handleElbv2 } from "./elbv2.js";
import { errorResponse } from "./error-response.js";
import { jsonResponse } from "./json-response.js";
import { AwsError, type AwsResponse, type Protocol, parseQuery } from "./protocol.js";
import { xmlResponse } from "./xml-response.js";

type ServiceName = "elbv2" | "ecs" | "cloudwatch";

/** In-process test hooks around a call: before it is applied, and after it is applied but unanswered. */
export interface AwsHooks {
  request?: (operation: string) => Promise<void> | void;
  response?: (operation: string) => Promise<void> | void;
}

export async function dispatchAws(
  world: World,
  headers: IncomingHttpHeaders,
  body: string,
  hooks: AwsHooks = {},
): Promise<AwsResponse> {
  world.advance();
  const target = String(headers["x-amz-target"] ?? "");
  let service: ServiceName;
  let protocol: Protocol;
  let operation: string;
  let params: Record<string, unknown>;
  if (target) {
    const [prefix, op] = target.split(".");
    operation = op ?? "";
    if (prefix === "AmazonEC2ContainerServiceV20141113") [service, protocol] = ["ecs", "json1.1"];
    else if (prefix === "GraniteServiceVersion20100801") [service, protocol] = ["cloudwatch", "json1.0"];
    else
      return errorResponse("json1.0", new AwsError("UnknownOperationException", `Unknown target ${target}`));
    try {
      params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return fail(
        world,
        service,
        protocol,
        operation,
        new AwsError("SerializationException", "Request body is not valid JSON"),
      );
    }
  } else {
    params = parseQuery(body);
    protocol = "query";
    operation = String(params.Action ?? "");
    const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(headers.authorization ?? ""))?.[1];
    const version = String(params.Version ?? "");
    if (scope === "elasticloadbalancing" || (!scope && version === "2015-12-01")) service = "elbv2";
    else if (scope === "monitoring" || (!scope && version === "2010-08-01")) service = "cloudwatch";
    else
      return errorResponse(
        "query",
        new AwsError(
          "InvalidAction",
          `The action ${operation || "(none)"} is not valid for this web service.`,
        ),
      );
    if (!operation)
      return fail(
        world,
        service,
        protocol,
        operation,
        new AwsError("MissingAction", "The request must contain the parameter Action."),
      );
  }
  if (!String(headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ")) {
    return fail(
      world,
      service,
      protocol,
      operation,
      new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
    );
  }
  await hooks.request?.(operation);
  const fault = world.faults.takeApi(operation);
  if (fault) {
    if (fault.kind === "timeout") await world.faults.hold(fault.delayMs ?? 60_000);
    return fail(
      world,
      service,
      protocol,
      operation,
      faultError(service, operation, fault, world.account),
      fault,
    );
  }
  try {
    let resp: AwsResponse;
    if (service === "elbv2") {
      const stale =
        operation === "DescribeListeners" && world.faults.takeStaleRead(world.alb.staleActions !== undefined);
      resp = handleElbv2(world, operation, params, stale);
    } else if (service === "ecs") resp = handleEcs(world, operation, params);
    else {
      const result = handleCloudWatch(world, operation, params);
      resp =
        protocol === "query"
          ? xmlResponse(operation, "http://monitoring.amazonaws.com/doc/2010-08-01/", result)
          : jsonResponse(protocol, result);
    }
    world.record({
      kind: "api",
      service,
      operation,
      protocol,
      status: resp.status,
      detail: detail(world, operation),
    });
    await hooks.response?.(operation);
    return resp;
  } catch (e) {
    if (e instanceof AwsError) return fail(world, service, protocol, operation, e);
    throw e;
  }
}

/**
 * ELBv2 for an in-process caller (the model test, thousands of sequences): the same faults, stale
 * reads, hooks and call log as over HTTP; the result as an object instead of XML, errors thrown.
 */
export async function elbv2InProcess(
  world: World,
  operation: string,
  params: Record<string, unknown>,
  hooks: AwsHooks = {},
): Promise<Record<string, unknown>> {
  world.advance();
  await hooks.request?.(operation);
  const fault = world.faults.takeApi(operation);
  if (fault) {
    const e = faultError("elbv2", operation, fault, world.account);
    fail(world, "elbv2", "query", operation, e, fault);
    throw e;
  }
  try {
    const stale =
      operation === "DescribeListeners" && world.faults.takeStaleRead(world.alb.staleActions !== undefined);
    const result = elbv2Result(world, operation, params, stale);
    world.record({
      kind: "api",
      service: "elbv2",
      operation,
      protocol: "query",
      status: 200,
      detail: detail(world, operation),
    });
    await hooks.response?.(operation);
    return result;
  } catch (e) {
    if (e instanceof AwsError) fail(world, "elbv2", "query", operation, e);
    throw e;
  }
}

/** ModifyListener calls carry the weights they left, so the call log reads as a traffic history. */
function detail(world: World, operation: string): Record<string, unknown> | undefined {
  if (operation !== "ModifyListener") return undefined;
  const weights: Record<string, number> = {};
  for (const [arn, share] of weightsOf(world.alb.listener.actions)) {
    weights[world.alb.targetGroups.get(arn)?.key ?? arn] = Math.round(share * 1000) / 10;
  }
  return { weights };
}

function fail(
  world: World,
  service: ServiceName,
  protocol: Protocol,
  operation: string,
  e: AwsError,
  fault?: ApiFault,
): AwsResponse {
  world.record({
    kind: "api",
    service,
    operation,
    protocol,
    status: e.status,
    error: e.code,
    detail: fault ? { fault: fault.kind } : undefined,
  });
  return errorResponse(protocol, e, {
    queryCompatible: service === "cloudwatch" && protocol !== "query",
    jsonType: protocol === "query" ? undefined : jsonCode(service, e.code),
  });
}

/** ECS and CloudWatch JSON error types carry an `Exception` suffix where the query code has none. */
function jsonCode(service: ServiceName, code: string): string {
  const map: Record<string, string> = {
    Throttling: "ThrottlingException",
    InternalFailure: service === "ecs" ? "ServerException" : "InternalServiceFault",
    ServiceUnavailable: "ServiceUnavailableException",
    AccessDenied: "AccessDeniedException",
    ExpiredToken: "ExpiredTokenException",
    MissingAuthenticationToken: "MissingAuthenticationTokenException",
    InvalidParameterValue: "InvalidParameterValueException",
    MissingParameter: "MissingRequiredParameterException",
    InvalidParameterCombination: "InvalidParameterCombinationException",
    ValidationError: "ValidationError",
  };
  return map[code] ?? code;
}

function faultError(service: ServiceName, operation: string, f: ApiFault, account: string): AwsError {
  const e = faultErrorOf(service, operation, f, account);
  // The message AWS sends is data like any other: a fault can carry one of the caller's choosing
  // (hostile-input tests put terminal escapes in it).
  return f.message === undefined ? e : new AwsError(e.code, f.message, e.status);
}

function faultErrorOf(service: ServiceName, operation: string, f: ApiFault, account: string): AwsError {
  const action = `${service === "elbv2" ? "elasticloadbalancing" : service === "ecs" ? "ecs" : "cloudwatch"}:${operation}`;
  switch (f.kind) {
    case "throttle":
      return new AwsError("Throttling", "Rate exceeded", 400);
    case "500":
    case "timeout":
      return new AwsError("InternalFailure", "We encountered an internal error. Please try again.", 500);
    case "503":
      return new AwsError("ServiceUnavailable", "Service is unavailable. Please try again later.", 503);
    case "access-denied":
      return new AwsError(
        "AccessDenied",
        `User: arn:aws:iam::${account}:user/deployer is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
        403,
      );
    case "expired-credentials":
      return new AwsError("ExpiredToken", "The security token included in the request is expired", 400);
    default:
      return new AwsError("InternalFailure", "sandbox fault", 500);
  }
}
