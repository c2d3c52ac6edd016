// Lab client for the hikaricp snippet (HikariCP 2.7.9 with PgJDBC or MariaDB Connector/J, Debian's
// jars), run with java's single-file source launcher. One pool, one query per "query" line on stdin.
// Usage: java -cp JARS HikariPool.java JDBC_URL [hikari.properties]
//   with the properties file: new HikariConfig(file), the snippet as emitted (JDBC_URL unused);
//   without it: the library's defaults, new HikariConfig() with only the JDBC URL set.
// Events (one JSON line each, t = CLOCK_MONOTONIC seconds: System.nanoTime on Linux):
//   ready {connectionTimeout, validationTimeout, minimumIdle, maximumPoolSize, maxLifetime} (ms, counts),
//   query {idle, total} (the pool's connections before the borrow), checkout {port: null} (the
//   driver's socket is not exposed), reply {port: null, idle, total},
//   error {port: null, timedOut, message}.
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

public class HikariPool {
  static void emit(String event, String fields) {
    double t = System.nanoTime() / 1e9;
    System.out.println("{\"event\":\"" + event + "\",\"t\":" + t + (fields.isEmpty() ? "" : "," + fields) + "}");
    System.out.flush();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(' ');
      else b.append(c);
    }
    return b.append('"').toString();
  }

  static boolean timedOut(Throwable e) {
    for (Throwable x = e; x != null; x = x.getCause()) {
      if (x instanceof java.net.SocketTimeoutException) return true;
      String m = String.valueOf(x.getMessage());
      if (m.contains("timed out") || m.contains("Read timed out")) return true;
    }
    return false;
  }

  public static void main(String[] args) throws Exception {
    HikariConfig config;
    if (args.length > 1) {
      config = new HikariConfig(args[1]);
    } else {
      config = new HikariConfig();
      config.setJdbcUrl(args[0]);
    }
    HikariDataSource pool = new HikariDataSource(config);
    emit("ready", "\"connectionTimeout\":" + pool.getConnectionTimeout() + ",\"validationTimeout\":" + pool.getValidationTimeout()
        + ",\"minimumIdle\":" + pool.getMinimumIdle() + ",\"maximumPoolSize\":" + pool.getMaximumPoolSize() + ",\"maxLifetime\":" + pool.getMaxLifetime());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.trim().equals("query")) {
        emit("query", "\"idle\":" + pool.getHikariPoolMXBean().getIdleConnections() + ",\"total\":" + pool.getHikariPoolMXBean().getTotalConnections());
        try (Connection c = pool.getConnection()) { // the borrow: HikariCP tests an idle connection here
          emit("checkout", "\"port\":null");
          try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select 1")) {
            r.next();
          }
          String counts = ",\"idle\":" + pool.getHikariPoolMXBean().getIdleConnections() + ",\"total\":" + pool.getHikariPoolMXBean().getTotalConnections();
          emit("reply", "\"port\":null" + counts);
        } catch (Exception e) {
          emit("error", "\"port\":null,\"timedOut\":" + timedOut(e) + ",\"message\":" + quote(e.toString()));
        }
      } else if (line.trim().equals("close")) {
        break;
      }
    }
    pool.close();
    emit("closed", "");
  }
}
