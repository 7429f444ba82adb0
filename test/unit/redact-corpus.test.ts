/**
 * The redaction corpus: real secret shapes (each must lose its secret) and look-alikes from real
 * runbooks and commands (each must come back unchanged). Both directions, so a rule that grows too
 * greedy fails here as surely as one that misses a shape.
 */
import { describe, expect, it } from "vitest";
import { redact, redactDeep, redactEnvironmentSecrets, secretValuesOf } from "../../source/domain/redact.js";

/** [text, the secret that must disappear] */
const SECRETS: [string, string][] = [
  ["export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"],
  ["ASIAY34FZKBOKMUTVV7A is the temporary key", "ASIAY34FZKBOKMUTVV7A"],
  [
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  ],
  [
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  ],
  ["the secret key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
  ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
  [
    '{"SecretAccessKey": "9drTJvcXLB89EXAMPLELB8923FB892xMFI/ab12"}',
    "9drTJvcXLB89EXAMPLELB8923FB892xMFI/ab12",
  ],
  ["aws_session_token = FwoGZXIvYXdzEBYaDHqa0AP1/example+token+value", "FwoGZXIvYXdzEBYaDHqa0AP1"],
  ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig123456789", "eyJhbGciOiJIUzI1NiJ9"],
  ["Authorization: Basic dXNlcjpodW50ZXIy", "dXNlcjpodW50ZXIy"],
  ['curl -H "Authorization: Basic YWRtaW46czNjcjN0" https://api', "YWRtaW46czNjcjN0"],
  ['curl -H "Authorization: token 0123456789abcdef0123" https://api', "0123456789abcdef0123"],
  ["authorization=Digest abcdef0123456789", "abcdef0123456789"],
  ["bearer abcdefghijklmnop1234", "abcdefghijklmnop1234"],
  ["curl -u admin:hunter2 https://jenkins/api", "hunter2"],
  ["curl --user deploy:S3cr3t! https://x", "S3cr3t!"],
  ["curl -u 'ops:p4ss w0rd' https://x", "p4ss"],
  [
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7x\n-----END RSA PRIVATE KEY-----",
    "MIIEowIBAAKCAQEA7x",
  ],
  [
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n-----END OPENSSH PRIVATE KEY-----",
    "b3BlbnNzaC1rZXktdjEA",
  ],
  [
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0\n-----END PRIVATE KEY-----",
    "MIIEvQIBADANBgkqhkiG9w0",
  ],
  ["-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwN\n", "MHcCAQEEIBkg4LVWM9nuwN"],
  ["postgres://app:hunter2@db.internal:5432/app", "hunter2"],
  ["mongodb+srv://root:Pa55word@cluster0.mongodb.net", "Pa55word"],
  ["redis://:s3cret-redis@cache:6379/0", "s3cret-redis"],
  ["https://user:ghp_tok3n@github.com/org/repo.git", "ghp_tok3n"],
  ["mysql -u root -pSecret123 prod", "Secret123"],
  ["mysqldump -h db -uadmin -p'Tr1cky pw' app", "Tr1cky"],
  ["mysql --password=hunter2 -h db", "hunter2"],
  ["psql --password hunter22 -h db", "hunter22"],
  ["vault login --token s.AbCdEf123456", "s.AbCdEf123456"],
  ["sshpass -p Sup3rS3cret ssh host", "Sup3rS3cret"],
  ["redis-cli -h cache -a r3d1sPw ping", "r3d1sPw"],
  ["DB_PASSWORD=hunter2", "hunter2"],
  ['DB_PASSWORD="correct horse battery"', "correct horse battery"],
  ["export API_TOKEN='abc def 123'", "abc def 123"],
  ["GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
  ["STRIPE_SECRET_KEY=sk_live_abcdefghijklmnop1234", "sk_live_abcdefghijklmnop1234"],
  ["client_secret: 8Q~abc.DEF-ghi_jkl", "8Q~abc.DEF-ghi_jkl"],
  ['"password": "Summer2024!"', "Summer2024!"],
  ["password: hunter2", "hunter2"],
  ["db_pass=letmein99", "letmein99"],
  ["the db password is hunter2", "hunter2"],
  ["The admin password was Welcome1!", "Welcome1!"],
  ["root password: Tr0ub4dor&3", "Tr0ub4dor&3"],
  [
    "api key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "9f86d081884c7d659a2feaa0c55ad015",
  ],
  ["use token Zx8Kq2Lm9Pw4Rt6Yv1Bn3Hd5 for the api", "Zx8Kq2Lm9Pw4Rt6Yv1Bn3Hd5"],
  ["consul token 550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000"],
  ["ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
  ["github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "github_pat_11ABCDEFG"],
  ["glpat-abcdefghij0123456789", "glpat-abcdefghij0123456789"],
  ["xoxb-123456789012-abcdefghijkl", "xoxb-123456789012-abcdefghijkl"],
  ["AIzaSyA1234567890abcdefghijklmnopqrstuv", "AIzaSyA1234567890abcdefghijklmnopqrstuv"],
  ["npm_abcdefghijklmnopqrstuvwxyz0123456789", "npm_abcdefghijklmnopqrstuvwxyz0123456789"],
  ["SG.abcdefghijklmnopqr.stuvwxyz0123456789ab", "SG.abcdefghijklmnopqr.stuvwxyz0123456789ab"],
  ["eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJrOHMifQ.c2lnbmF0dXJlc2ln", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJrOHMifQ"],
  ["x-api-key: 3f8a9c0d1e2b4a5f6c7d", "3f8a9c0d1e2b4a5f6c7d"],
  ["PGPASSWORD=Zq9shapeless psql -h db", "Zq9shapeless"],
  ["ADMIN_PW=opensesame1", "opensesame1"],
];

/** Ordinary deployment text that mentions secrets, ports, ids, paths: must come back unchanged. */
const LOOKALIKES: string[] = [
  "no such session",
  "    --end-time $(date -u +%Y-%m-%dT%H:%M:%S) \\",
  "date -u +%H:%M:%S",
  "golive: no such session; list sessions with `golive list`",
  "Error rate 0.4% at T+15, p95 42ms, task def nba-mcp-prod:v2.0",
  "the password is rotated every 90 days",
  "password: rotated quarterly",
  "Password: ________",
  "- [ ] DB password: ________ (target: from vault)",
  "token: ___",
  "DB_PASSWORD=$DB_PASSWORD",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, on purpose
  'DB_PASSWORD="${DB_PASSWORD}"',
  "API_TOKEN=$(vault kv get -field=token secret/api)",
  "mysql -u root -p$MYSQL_PWD prod",
  'mysql --password="$MYSQL_PWD" -h db',
  "docker login --password-stdin < token.txt",
  "ssh -p2222 deploy@bastion",
  "docker run -p 8080:80 nginx",
  "mkdir -p /var/lib/app",
  "rsync -pv src/ dst/",
  "kubectl port-forward svc/app 8080:80",
  "curl -u $USER:$PASS https://api",
  "curl -sS https://api.example.com/health",
  "https://grafana.example.com/d/abc123/api?orgId=1",
  "postgres://db.internal:5432/app",
  "git rev-parse HEAD → 3f786850e387550fdab836ed7e6dc881de23001b",
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
  "SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db",
  "PASSWORD_FILE=/run/secrets/db_password",
  "TOKEN_TTL=3600",
  "AUTH_URL=https://auth.example.com",
  "PASSWORD_MIN_LENGTH=12",
  "ENABLE_AUTH=true",
  "The token expired, renew it",
  "Rotate the API key after the deploy",
  "secret rotation runbook: docs/ops/rotation.md",
  "Check the Secrets Manager entry for prod/db",
  "aws secretsmanager get-secret-value --secret-id prod/db",
  "kubectl create secret generic app --from-env-file=.env",
  "Basic health check passed",
  "Authorization header missing (401)",
  "bearer tokens are validated by the gateway",
  "image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:2.4.1",
  "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "Target group targetgroup/prod-green/73e2d6bc24d8a067",
  "pin the version to 2.4.1",
  "the PIN pad is offline",
  "Passwords must be at least 12 characters",
  "Credentials: see 1Password vault Ops",
  "[REDACTED:password] already",
  "p95 latency < 50ms, error rate < 1%",
  "golive record f3 2.4.1",
  "UUID 550e8400-e29b-41d4-a716-446655440000 of the deployment",
  "kubectl -n prod rollout status deploy/app --timeout=120s",
  "Release tag: v2.4.1-rc.3",
  "ecs:DescribeServices nba-mcp-green in prod-cluster",
  "the secret is out: we ship on Friday",
];

describe("redaction corpus", () => {
  it("has at least 50 secrets and 50 look-alikes", () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(50);
    expect(LOOKALIKES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(SECRETS)("takes the secret out of %j", (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain("[REDACTED:");
  });

  it.each(LOOKALIKES.map((t) => [t]))("leaves %j alone", (text) => {
    expect(redact(text)).toBe(text);
  });

  it("keeps a private key block's line count, so runbook positions still match the file", () => {
    const text = "a\n-----BEGIN RSA PRIVATE KEY-----\nx\ny\n-----END RSA PRIVATE KEY-----\nb";
    expect(redact(text).split("\n")).toHaveLength(text.split("\n").length);
  });

  it("redactDeep keeps Dates and other instances", () => {
    const at = new Date("2026-11-30T12:00:00Z");
    const out = redactDeep({ at, note: "password=hunter2", list: [at] });
    expect(out.at).toBeInstanceOf(Date);
    expect(out.at.getTime()).toBe(at.getTime());
    expect(out.list[0]).toBeInstanceOf(Date);
    expect(out.note).not.toContain("hunter2");
  });

  it("takes only odd, blank-free environment values as secrets (an ordinary word is not one)", () => {
    expect(
      secretValuesOf({
        DB_PASSWORD: "Zq9-shapeless",
        MY_TOKEN: "session",
        TOKEN: "no such",
        API_KEY: "sandboxes",
      }),
    ).toEqual(["Zq9-shapeless"]);
    redactEnvironmentSecrets({ DB_PASSWORD: "Zq9-shapeless", SOME_TOKEN: "sessions" });
    try {
      expect(redact("no such session (sessions dir)")).toBe("no such session (sessions dir)");
      expect(redact("connected with Zq9-shapeless")).toBe("connected with [REDACTED:env-secret]");
    } finally {
      redactEnvironmentSecrets({});
    }
  });
});
