"""A trivial WSGI app (module wsgi_app, app) for gunicorn --check-config in tests/real/app-server.test.ts."""


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
    return [b"ok\n"]
