"""A reader that stops reading: runs a command (psql) with its stdout on a pipe, reads the first
chunk of its output, then stops, so the command blocks writing to the full pipe and stops reading
its own socket (its receive window closes). On "resume" (a line on stdin) it reads the rest to EOF
and reports how the command ended.

Usage: db-stall.py MAX_SECONDS -- COMMAND ARGS...  Events (one JSON line each, CLOCK_MONOTONIC):
{"event": "reading", "t", "bytes"} once output flows, then it stops reading;
{"event": "exit", "t", "code", "bytes", "stderr": [last lines]} once the command has ended.
Every wait is bounded by MAX_SECONDS; the command is killed when the bound passes or stdin closes.
"""
import json
import os
import select
import subprocess
import sys
import threading
import time


def emit(event: str, **fields) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


def main() -> None:
    limit = float(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1 :]
    deadline = time.monotonic() + limit
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.extend(line.decode(errors="replace").rstrip() for line in child.stderr), daemon=True)
    reader.start()
    out = child.stdout.fileno()
    first = b""
    while not first and time.monotonic() < deadline:
        ready, _, _ = select.select([out], [], [], 0.5)
        if ready:
            first = os.read(out, 65536)
    if not first:
        child.kill()
        code = child.wait()
        reader.join(timeout=5)
        emit("exit", code=code, bytes=0, stderr=errors[-8:])
        return
    emit("reading", bytes=len(first))
    # Stop reading: wait for "resume" (or stdin closed, or the bound).
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sys.stdin], [], [], 0.5)
        if ready:
            break
    total = len(first)
    while time.monotonic() < deadline:
        ready, _, _ = select.select([out], [], [], 0.5)
        if not ready:
            if child.poll() is not None:
                break
            continue
        chunk = os.read(out, 1 << 20)
        if not chunk:
            break
        total += len(chunk)
    if child.poll() is None:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    code = child.wait()
    reader.join(timeout=5)  # its stderr ends with it: the last lines are in
    emit("exit", code=code, bytes=total, stderr=errors[-8:])


if __name__ == "__main__":
    main()
