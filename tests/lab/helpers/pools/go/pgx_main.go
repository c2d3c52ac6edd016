// Lab client for the pgx snippet (pgxpool, v4 as Debian packages it): the snippet, or
// defaults/pgx.go for the library's defaults, is copied beside this file as ./db and its Open(ctx)
// builds the pool. stdin "query" runs `select 1` through the pool; events as in lab.go.
// Usage: pgx-client REMOTE_PORT
package main

import (
	"bufio"
	"context"
	"os"
	"strconv"

	db "./db"
)

func main() {
	remote, _ := strconv.ParseInt(os.Args[1], 10, 32)
	ctx := context.Background()
	pool, err := db.Open(ctx)
	if err != nil {
		emit("fatal", map[string]interface{}{"message": err.Error()})
		os.Exit(1)
	}
	emit("ready", nil)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "query":
			query(remote, func() error {
				var one int
				return pool.QueryRow(ctx, "select 1").Scan(&one)
			})
		case "close":
			pool.Close()
			emit("closed", nil)
			return
		}
	}
}
