"""A gRPC Python client for tests/real/grpc.test.ts: exec's a file that defines `channel` (the grpc-python
snippet's client part, already pointed at the suite's server), makes one unary call to /ka.Test/Echo
with raw bytes (no (de)serializers), prints {"event": "rpc", "ok": ...}, then idles; on SIGTERM it makes
one more call on the same channel, prints it, closes the channel and exits.
"""

import json
import signal
import sys
import threading


def main() -> None:
    path = sys.argv[1]
    namespace: dict = {}
    with open(path, encoding="utf-8") as f:
        exec(compile(f.read(), path, "exec"), namespace)
    channel = namespace["channel"]
    echo = channel.unary_unary("/ka.Test/Echo")

    def call() -> None:
        try:
            ok = echo(b"ping", timeout=10) == b"ping"
            print(json.dumps({"event": "rpc", "ok": ok}), flush=True)
        except Exception as error:  # the test reads the failure from the event
            print(json.dumps({"event": "rpc", "ok": False, "error": str(error)}), flush=True)

    call()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    call()
    channel.close()


if __name__ == "__main__":
    main()
