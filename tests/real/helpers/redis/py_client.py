"""Runs an emitted redis-py snippet (which binds `r`), sends one command, prints
{"event": "ready", "pid": ...} and idles until a line arrives on stdin, then closes.

Usage: /usr/bin/python3 py_client.py SNIPPET.py
"""
import json
import os
import runpy
import sys

r = runpy.run_path(sys.argv[1])["r"]
# redis-py connects on the first command (redis/connection.py Connection.connect), so a bad
# socket_keepalive_options value is refused here, by setsockopt.
reply = r.set("ka-real", "idle")
print(json.dumps({"event": "ready", "pid": os.getpid(), "reply": reply}), flush=True)
sys.stdin.readline()
r.close()
