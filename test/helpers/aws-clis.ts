/** The aws CLIs the suite holds the sandbox to, found without loading any of golive (the global setup probes them). */
import { execFileSync } from "node:child_process";
import {
  accessSync,
  constants,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** aws-cli 1.x from PATH (pip; CloudWatch over JSON) and Debian's awscli 2.x at /usr/bin/aws (query). */
export function findAwsClis(): { v1?: string; v2?: string } {
  // Once per worker (its files share one module graph): each probe is a Python start-up, ~1 s of
  // CPU, and it blocks the worker; every call used to probe four paths again.
  found ??= remembered("aws-clis", awsCandidates(), probeAwsClis);
  return found;
}
let found: { v1?: string; v2?: string } | undefined;

/** Runs `--version` once per distinct executable on PATH (and /usr/bin/aws). */
export function probeAwsClis(): { v1?: string; v2?: string } {
  const clis: { v1?: string; v2?: string } = {};
  const candidates = awsCandidates();
  const seen = new Set<string>();
  for (const c of candidates) {
    if (!isExecutable(c)) continue;
    const exe = realExecutable(c);
    if (seen.has(exe)) continue;
    seen.add(exe);
    let version = "";
    try {
      version = execFileSync(exe, ["--version"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: awsEnv("http://127.0.0.1:9"),
      }).trim();
    } catch (e) {
      version = String((e as { stdout?: string; stderr?: string }).stderr ?? "");
    }
    if (/^aws-cli\/1\./.test(version)) clis.v1 ??= exe;
    if (/^aws-cli\/2\./.test(version)) clis.v2 ??= exe;
  }
  return clis;
}

function awsCandidates(): string[] {
  return [...(process.env.PATH ?? "").split(delimiter).map((d) => join(d, "aws")), "/usr/bin/aws"];
}

/**
 * `compute()`'s answer, kept in the machine's temp directory (not the run's, removed at its end)
 * for as long as nothing it depends on changes: those of `files` that exist (in order, each one's
 * size and mtime) and pyenv's version choice. Probing the CLIs is three Python start-ups (~4 s of a
 * blocked worker at load); each worker of every run paid it. Not PATH itself, nor the absent
 * candidates it names: npx puts the worktree's own node_modules/.bin on it, so every checkout on a
 * machine had a key of its own, and they replaced each other's one entry (§0zl).
 */
export function remembered<T extends Record<string, string | undefined>>(
  name: string,
  files: string[],
  compute: () => T,
): T {
  const pyenvVersion = join(process.env.PYENV_ROOT ?? join(homedir(), ".pyenv"), "version");
  const stats = (fs: string[]) =>
    fs.map((f) => {
      try {
        const st = statSync(f);
        return [f, st.size, st.mtimeMs];
      } catch {
        return [f];
      }
    });
  const key = JSON.stringify([
    process.env.PYENV_VERSION,
    ...stats([...files, pyenvVersion]).filter((s) => s.length > 1),
  ]);
  // The answer's own files too: a CLI upgraded in place is probed again.
  const answer = (v: T) => JSON.stringify(stats(Object.values(v).filter((p): p is string => !!p)));
  const file = join(
    process.env.GOLIVE_MACHINE_TMPDIR ?? tmpdir(),
    `golive-test-${name}-${process.getuid?.() ?? 0}.json`,
  );
  try {
    const cached = JSON.parse(readFileSync(file, "utf8")) as { key: string; value: T; answer: string };
    if (cached.key === key && cached.answer === answer(cached.value)) return cached.value;
  } catch {
    // none yet, or unreadable: compute
  }
  const value = compute();
  try {
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ key, value, answer: answer(value) }));
    renameSync(tmp, file);
  } catch {
    // a cache only
  }
  return value;
}

/**
 * The file that runs: symlinks resolved (/bin/aws is /usr/bin/aws on a merged /usr), and a pyenv
 * shim replaced by the program it would exec (the same program, without the shim's bash and pyenv
 * start-up on every call).
 */
export function realExecutable(c: string): string {
  const real = realpathSync(c);
  if (!/\/\.pyenv\/shims\//.test(real)) return real;
  try {
    const target = execFileSync("pyenv", ["which", basename(real)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return target && isExecutable(target) ? target : real;
  } catch {
    return real;
  }
}

export function awsEnv(_endpoint: string): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), "golive-awshome-"));
  writeFileSync(join(home, "config"), "[default]\nregion = us-east-1\n");
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: "sandbox",
    AWS_SECRET_ACCESS_KEY: "sandbox",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
    NO_PROXY: "127.0.0.1,localhost",
  };
}
