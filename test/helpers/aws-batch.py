"""The real aws CLI's own entry point (awscli.clidriver), run many times in one interpreter.

Each request is one JSON line on stdin: {"args": [...], "env": {...}}. Each reply is one JSON line:
{"code": rc, "stdout": "...", "stderr": "..."}. A fresh CLIDriver (and so a fresh botocore
session) per request, with the request's environment, exactly as `aws ARGS` would build it; what is
saved is the interpreter start-up and the imports, ~1 s of CPU per call on the 2-core box.
"""
import io
import json
import os
import sys

# Replies go to a private copy of the real stdout; anything that writes to fd 1 directly lands
# on stderr instead of corrupting the protocol.
reply = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)

before = dict(os.environ)
import awscli.clidriver  # noqa: E402  (after the fd swap: importing may print warnings)

# What importing awscli sets in the environment (AWS_DATA_PATH, where botocore finds the CLI's own
# models): a cold `aws` sets it on top of the caller's environment, so each request gets it too.
from_import = {k: v for k, v in os.environ.items() if before.get(k) != v}


def captured():
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")


def text(stream):
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", "replace")


for line in sys.stdin:
    req = json.loads(line)
    os.environ.clear()
    os.environ.update(req["env"])
    os.environ.update(from_import)
    out, err = captured(), captured()
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = awscli.clidriver.create_clidriver().main(req["args"])
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException as e:  # the CLI's own handler prints most failures; this is the rest
        err.write("%s: %s\n" % (type(e).__name__, e))
        code = 255
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    reply.write(json.dumps({"code": code, "stdout": text(out), "stderr": text(err)}) + "\n")
    reply.flush()
