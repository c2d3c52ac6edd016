// The library's defaults for the go-sql lab client (PostgreSQL): database/sql with no idle time and
// no lifetime (database/sql/sql.go: maxIdleTime and maxLifetime 0), lib/pq's dialer a zero
// net.Dialer (lib/pq conn.go defaultDialer{}), so Go's keepalive: 15 s idle and interval
// (go1.19 net/dial.go defaultTCPKeepAlive). The host comes from LAB_DB_HOST.
package db

import (
	"database/sql"
	"os"

	_ "github.com/lib/pq"
)

func Open() (*sql.DB, error) {
	return sql.Open("postgres", "host="+os.Getenv("LAB_DB_HOST")+" port=5432 dbname=app")
}
