// Loads a generated HikariCP properties file the way HikariConfig(String) does (java.util.Properties,
// then one setter per key: com.zaxxer.hikari.util.PropertyElf), and prints one JSON line.
//
// Usage: java -cp HikariCP.jar:slf4j-api.jar:slf4j-simple.jar:postgresql.jar:mariadb-java-client.jar
//        HikariReport.java FILE.properties [SERVER_PORT]
// HikariCP 2.7.9 (Debian's) has no keepaliveTime (added in 4.0.0): its PropertyElf throws on a key
// with no setter, so every key but keepaliveTime goes to HikariConfig, and keepaliveTime is printed
// raw for the caller to check against the documented rules. validate() applies 2.7.9's own floors
// (maxLifetime below 30000 ms is replaced by the 1800000 ms default: HikariConfig.validateNumerics).
// With SERVER_PORT, a HikariDataSource on that config runs one query on the real server, and while
// the pooled connection is held, `ss` reads its socket (the driver's tcpKeepAlive arms a keepalive timer).
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.io.FileReader;
import java.io.Reader;
import java.util.Properties;
import java.util.TreeSet;

public class HikariReport {
  private static String quote(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\');
      if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (Reader r = new FileReader(args[0])) {
      props.load(r);
    }
    String keys = String.join(",", new TreeSet<>(props.stringPropertyNames()));
    String keepalive = props.getProperty("keepaliveTime");
    // What 2.7.9 does with the file as emitted: the message of the exception, or null when accepted.
    String whole = null;
    try {
      new HikariConfig((Properties) props.clone());
    } catch (RuntimeException e) {
      whole = e.getMessage();
    }
    props.remove("keepaliveTime");
    HikariConfig config = new HikariConfig(props);
    long asSet = config.getMaxLifetime();
    config.validate();
    // The jar's manifest has no Implementation-Version; Maven's pom.properties names it.
    Properties pom = new Properties();
    try (java.io.InputStream in = HikariConfig.class.getResourceAsStream("/META-INF/maven/com.zaxxer/HikariCP/pom.properties")) {
      if (in != null) pom.load(in);
    }
    String version = pom.getProperty("version");
    String server = null;
    String ss = null;
    if (args.length > 1) {
      config.setConnectionTimeout(10000);
      try (HikariDataSource ds = new HikariDataSource(config);
          Connection c = ds.getConnection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT version()")) {
        rs.next();
        server = rs.getString(1);
        // Right after a reply the retransmission timer (`on`) is armed until the ACK: read again, 3 s at most.
        long deadline = System.currentTimeMillis() + 3000;
        do {
          Process p = new ProcessBuilder("ss", "-tnoiH", "state", "established", "( dport = :" + args[1] + " )").redirectErrorStream(true).start();
          ss = new String(p.getInputStream().readAllBytes());
          if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
          if (!ss.isBlank() && !ss.contains("timer:(on,")) break;
          Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
      }
    }
    System.out.println("{\"hikari\":" + quote(version)
        + ",\"server\":" + quote(server)
        + ",\"ss\":" + quote(ss)
        + ",\"idleTimeout\":" + config.getIdleTimeout()
        + ",\"validationTimeout\":" + config.getValidationTimeout()
        + ",\"minimumIdle\":" + config.getMinimumIdle()
        + ",\"maximumPoolSize\":" + config.getMaximumPoolSize()
        + ",\"keys\":" + quote(keys)
        + ",\"jdbcUrl\":" + quote(config.getJdbcUrl())
        + ",\"maxLifetimeSet\":" + asSet
        + ",\"maxLifetime\":" + config.getMaxLifetime()
        + ",\"keepaliveTime\":" + quote(keepalive)
        + ",\"wholeFile\":" + quote(whole) + "}");
  }
}
