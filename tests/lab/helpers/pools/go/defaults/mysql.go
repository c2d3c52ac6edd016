// The library's defaults for the go-sql lab client (MySQL): database/sql with no idle time and no
// lifetime (database/sql/sql.go), go-sql-driver/mysql dialing with net.Dialer{Timeout} and
// SetKeepAlive(true) (connector.go), so Go's keepalive: 15 s idle and interval (go1.19
// net/dial.go defaultTCPKeepAlive). The host comes from LAB_DB_HOST.
package db

import (
	"database/sql"
	"os"

	_ "github.com/go-sql-driver/mysql"
)

func Open() (*sql.DB, error) {
	return sql.Open("mysql", "tcp("+os.Getenv("LAB_DB_HOST")+":3306)/app")
}
