/**
 * Who is acting, as AWS says (STS GetCallerIdentity): the identity two-person approval compares.
 * golive never takes a typed name for it: `--by` says who pressed the key, the ARN says whose
 * credentials are behind it, and only the ARN decides whether requester and approver differ.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { CallerIdentity, IdentityPort } from "../domain/approval.js";
import { ExitCode, UserError } from "../domain/errors.js";

export interface StsOptions {
  region?: string;
  /** An STS-compatible endpoint (moto in rehearsals); AWS's own (or AWS_ENDPOINT_URL_STS) when absent. */
  endpoint?: string;
  /**
   * A sandbox environment with no credentials in the environment signs with fixed fake keys, which
   * moto answers with one shared identity (so such a pair is refused as one person).
   */
  sandbox?: boolean;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export class StsIdentity implements IdentityPort {
  private readonly sts: STSClient;
  private known?: Promise<CallerIdentity>;

  constructor(opts: StsOptions = {}) {
    const env = opts.env ?? process.env;
    const timeout = opts.timeoutMs ?? 5000;
    const fake = opts.sandbox && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE;
    // The environment golive was given (a test's, a wrapper's), not only this process's: the
    // default chain reads process.env, which in-process callers do not set per person.
    const keys =
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          }
        : fake
          ? { accessKeyId: "testing", secretAccessKey: "testing" }
          : undefined;
    this.sts = new STSClient({
      region: opts.region ?? env.AWS_REGION ?? "us-east-1",
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(keys ? { credentials: keys } : {}),
      maxAttempts: 2,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: Math.min(timeout, 3000),
        requestTimeout: timeout,
        throwOnRequestTimeout: true,
      }),
    });
  }

  /** Asked once per process: the credentials behind a golive do not change while it runs. */
  whoAmI(): Promise<CallerIdentity> {
    this.known ??= this.ask();
    this.known.catch(() => {
      this.known = undefined;
    });
    return this.known;
  }

  private async ask(): Promise<CallerIdentity> {
    try {
      const r = await this.sts.send(new GetCallerIdentityCommand({}));
      if (!r.Arn) throw new Error("STS answered without an ARN");
      return { arn: r.Arn, account: r.Account ?? "", userId: r.UserId ?? "" };
    } catch (e) {
      const err = e as Error & { name?: string };
      throw new UserError(
        `could not tell who you are from AWS (STS GetCallerIdentity): ${err.name && err.name !== "Error" ? `${err.name}: ` : ""}${err.message.split("\n")[0]}`,
        ExitCode.aws,
        "two-person approval compares AWS identities: run golive with your own AWS credentials (AWS_PROFILE, SSO, or keys)",
      );
    }
  }

  destroy(): void {
    this.sts.destroy();
  }
}

/**
 * A rehearsal's person: credentials of an assumed role with its own session name (moto answers any
 * role), as environment variables for that person's golive.
 */
export async function assumedRoleEnv(
  endpoint: string,
  role: string,
  who: string,
): Promise<Record<string, string>> {
  const sts = new STSClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  try {
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: who }))).Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`STS at ${endpoint} gave ${who} no credentials`);
    return {
      AWS_ACCESS_KEY_ID: c.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
      ...(c.SessionToken ? { AWS_SESSION_TOKEN: c.SessionToken } : {}),
    };
  } finally {
    sts.destroy();
  }
}
