"""The gunicorn upstream for tests/lab/app-keepalive.test.ts: a trivial WSGI app (module wsgi_app, app).

Reads the request body to its end and answers 200 with a Content-Length, so a gthread worker keeps
the connection open for keep-alive. Prints one JSON line per request on the worker's stdout:
request {port, method}, "t" = CLOCK_MONOTONIC seconds; `port` is the peer's (nginx's) TCP port,
from environ["REMOTE_PORT"] (gunicorn/http/wsgi.py sets it from the socket's peer address).
"""
import json
import time


def app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length:
        environ["wsgi.input"].read(length)
    print(json.dumps({"event": "request", "t": time.monotonic(), "port": int(environ["REMOTE_PORT"]), "method": environ["REQUEST_METHOD"]}), flush=True)
    body = b"ok\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
