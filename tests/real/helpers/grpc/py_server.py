"""A gRPC server for tests/real/grpc.test.ts: Debian's python3-grpcio (C-core) built by exec'ing a file
that defines `server` (the grpc-python snippet's server part, or a bare grpc.server() for the defaults).

One unary method, /ka.Test/Echo, with no (de)serializers, so it echoes raw bytes
(grpc.method_handlers_generic_handler, grpc/__init__.py). Binds 127.0.0.1 on a kernel-chosen port,
prints {"event": "ready", "port": ..., "pid": ...} and serves until SIGTERM.
"""

import json
import os
import signal
import sys
import threading

import grpc


def main() -> None:
    path = sys.argv[1]
    namespace: dict = {}
    with open(path, encoding="utf-8") as f:
        exec(compile(f.read(), path, "exec"), namespace)
    server = namespace["server"]
    handler = grpc.method_handlers_generic_handler(
        "ka.Test", {"Echo": grpc.unary_unary_rpc_method_handler(lambda request, context: request)}
    )
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(json.dumps({"event": "ready", "port": port, "pid": os.getpid()}), flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    server.stop(0).wait(5)


if __name__ == "__main__":
    main()
