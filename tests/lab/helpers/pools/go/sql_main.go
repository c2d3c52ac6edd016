// Lab client for the go-sql snippet (database/sql with lib/pq or go-sql-driver/mysql): the snippet,
// or defaults/*.go for the library's defaults, is copied beside this file as ./db and its Open()
// builds the pool. stdin "query" runs `select 1` through the pool (database/sql checks a connection
// out and returns it); events as in lab.go. Usage: sql-client REMOTE_PORT
package main

import (
	"bufio"
	"os"
	"strconv"

	db "./db"
)

func main() {
	remote, _ := strconv.ParseInt(os.Args[1], 10, 32)
	pool, err := db.Open()
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
				return pool.QueryRow("select 1").Scan(&one)
			})
		case "close":
			pool.Close()
			emit("closed", nil)
			return
		}
	}
}
