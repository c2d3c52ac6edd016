"""Zero-window witness: logs, with CLOCK_MONOTONIC times, the segments the middlebox delivers on one
interface that advertise a zero receive window (a reader that stopped reading).

Usage: db-window.py IFACE PORT (e.g. vms 5432: segments delivered toward the server on connections
with TCP port PORT at either end). One JSON line per such segment:
{"event": "zero-window", "t": seconds, "src": "a:p", "dst": "a:p", "flags": "A"}.
The window is the raw 16-bit field (RFC 793): zero is zero whatever the scale factor (RFC 7323).
SYN and RST segments are left out (an RST often carries window 0 and says nothing of a reader).
PACKET_OUTGOING frames on IFACE are the ones the middlebox transmitted, so the far end received them.
"""
import json
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
FLAG_NAMES = "FSRPAU"
SYN, RST = 0x02, 0x04


def main() -> None:
    iface, port = sys.argv[1], int(sys.argv[2])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    print(json.dumps({"event": "ready", "t": time.monotonic()}), flush=True)
    while True:
        select.select([s], [], [])
        frame, address = s.recvfrom(65536)
        t = time.monotonic()
        if address[2] != PACKET_OUTGOING or len(frame) < 34 or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        if ip[9] != socket.IPPROTO_TCP or len(ip) < ihl + 20:
            continue
        tcp = ip[ihl:]
        sport, dport = struct.unpack("!HH", tcp[0:4])
        flags, window = tcp[13], struct.unpack("!H", tcp[14:16])[0]
        if port not in (sport, dport) or window != 0 or flags & (SYN | RST):
            continue
        src, dst = socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
        names = "".join(name for bit, name in enumerate(FLAG_NAMES) if flags & (1 << bit))
        print(json.dumps({"event": "zero-window", "t": t, "src": f"{src}:{sport}", "dst": f"{dst}:{dport}", "flags": names}), flush=True)


if __name__ == "__main__":
    main()
