"""uvicorn's own command line and Config, for tests/real/app-server.test.ts.

Usage: uvicorn_config.py ARG...  (the words after `uvicorn` on the snippet's command line)
Parses ARG... with uvicorn's click command (uvicorn.main.main, as `uvicorn ARG...` would, without
running it), builds uvicorn.Config from the app and the parsed timeout_keep_alive, and prints one JSON
line: {"timeout_keep_alive": Config's value, "default": Config's default for it}. A bad value exits 2
with click's message on stderr, as the uvicorn command does.
"""
import inspect
import json
import sys

import click
from uvicorn import Config
from uvicorn.main import main as uvicorn_command


def run() -> None:
    try:
        ctx = uvicorn_command.make_context("uvicorn", sys.argv[1:])
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    config = Config(ctx.params["app"], timeout_keep_alive=ctx.params["timeout_keep_alive"])
    default = inspect.signature(Config).parameters["timeout_keep_alive"].default
    print(json.dumps({"timeout_keep_alive": config.timeout_keep_alive, "default": default}))


if __name__ == "__main__":
    run()
