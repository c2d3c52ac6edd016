"""A chatty ssh session's remote command (a tail -f): prints "started", then a line every PERIOD seconds.

Usage: ssh-chatty.py PERIOD [MAX_SECONDS]. The lines leave on a fixed schedule (absolute deadlines, so
the gaps do not drift longer than PERIOD and sshd's poll never times out when PERIOD is below
ClientAliveInterval). Bounded: it stops after MAX_SECONDS (default 120) or 10,000 lines.
"""
import sys
import time


def main() -> None:
    period = float(sys.argv[1])
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    start = time.monotonic()
    print("started", flush=True)
    deadline = start
    for n in range(10_000):
        deadline += period
        if deadline - start > limit:
            break
        time.sleep(max(0.0, deadline - time.monotonic()))
        print(f"tick {n}", flush=True)


if __name__ == "__main__":
    main()
