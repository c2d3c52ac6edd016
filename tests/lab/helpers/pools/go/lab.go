// Shared by the Go pool clients (sql_main.go, pgx_main.go), copied beside them for each build: JSON
// events on stdout with t = CLOCK_MONOTONIC seconds (what the lab's other helpers print), and the
// local ports of this process's established TCP connections to the server (from /proc: the drivers
// do not expose their sockets).
package main

import (
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// clockMonotonic is CLOCK_MONOTONIC's id (linux/time.h); the standard library has no call for it.
const clockMonotonic = 1

func monotonic() float64 {
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockMonotonic, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return -1
	}
	return float64(ts.Sec) + float64(ts.Nsec)/1e9
}

func emit(event string, fields map[string]interface{}) {
	out := map[string]interface{}{"event": event, "t": monotonic()}
	for k, v := range fields {
		out[k] = v
	}
	line, _ := json.Marshal(out)
	os.Stdout.Write(append(line, '\n'))
}

// ownPorts lists the local ports of this process's ESTABLISHED sockets (state 01 in /proc/net/tcp)
// whose remote port is remotePort: the socket inodes under /proc/self/fd matched with the namespace's
// /proc/self/net/tcp.
func ownPorts(remotePort int64) []int64 {
	inodes := map[string]bool{}
	fds, _ := os.ReadDir("/proc/self/fd")
	for _, fd := range fds {
		link, err := os.Readlink("/proc/self/fd/" + fd.Name())
		if err == nil && strings.HasPrefix(link, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	data, _ := os.ReadFile("/proc/self/net/tcp")
	ports := []int64{}
	for _, line := range strings.Split(string(data), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 10 || f[3] != "01" || !inodes[f[9]] {
			continue
		}
		if port(f[2]) == remotePort {
			ports = append(ports, port(f[1]))
		}
	}
	return ports
}

// port reads the hex port of an "ADDR:PORT" field of /proc/net/tcp.
func port(field string) int64 {
	p, _ := strconv.ParseInt(field[strings.LastIndex(field, ":")+1:], 16, 32)
	return p
}

// timedOut: the socket's ETIMEDOUT anywhere in the error chain, or its text.
func timedOut(err error) bool {
	return errors.Is(err, syscall.ETIMEDOUT) || strings.Contains(err.Error(), "timed out")
}

// query reports one query the way the other helpers do: query, checkout (the connection's port when
// the pool holds exactly one; after the reply, when it held none before), then reply or error.
func query(remotePort int64, run func() error) {
	emit("query", nil)
	var p interface{}
	if ports := ownPorts(remotePort); len(ports) == 1 {
		p = ports[0]
	}
	emit("checkout", map[string]interface{}{"port": p})
	if err := run(); err != nil {
		msg := err.Error()
		if len(msg) > 300 {
			msg = msg[:300]
		}
		emit("error", map[string]interface{}{"port": p, "timedOut": timedOut(err), "message": msg})
		return
	}
	if p == nil {
		// The pool had no connection before the query (database/sql and pgxpool open lazily).
		if ports := ownPorts(remotePort); len(ports) == 1 {
			p = ports[0]
		}
	}
	emit("reply", map[string]interface{}{"port": p})
}
