namespace Tessera.Mysqlctl;

/// The SQL run once over the socket, as root, right after mariadb-install-db: the facts of Vitess's
/// config/init_db.sql, in MariaDB 10.11 syntax. Users have no password: they are reachable only
/// over the socket (localhost) except vt_repl, and the instance binds to 127.0.0.1 by default.
internal static class InitDbSql
{
    /// Anonymous accounts would shadow 'vt_repl'@'%' for local connections (MariaDB matches the
    /// most specific host first), and root should only log in over the socket. Their host names
    /// depend on the machine, so they are listed first and dropped by name.
    public const string ListInsecureUsers =
        "SELECT CONCAT(QUOTE(User), '@', QUOTE(Host)) FROM mysql.user WHERE User = '' OR (User = 'root' AND Host <> 'localhost')";

    public const string Script = """
        -- Nothing done here may reach the binary log: replicas initialised the same way would
        -- otherwise see these changes as errant GTIDs of their own.
        SET sql_log_bin = 0;

        -- Administrator: everything, including granting. The tablet's manager (schema changes,
        -- replication control, backups) connects as vt_dba over the socket.
        CREATE USER IF NOT EXISTS 'vt_dba'@'localhost';
        GRANT ALL ON *.* TO 'vt_dba'@'localhost' WITH GRANT OPTION;

        -- Application traffic: the tablet's query service pools connect as vt_app; global
        -- read-write data access, no SUPER.
        CREATE USER IF NOT EXISTS 'vt_app'@'localhost';
        GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, FILE,
          REFERENCES, INDEX, ALTER, SHOW DATABASES, CREATE TEMPORARY TABLES,
          LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW,
          SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER
          ON *.* TO 'vt_app'@'localhost';

        -- Read-only debugging access (Vitess's appdebug pool).
        CREATE USER IF NOT EXISTS 'vt_appdebug'@'localhost';
        GRANT SELECT, SHOW DATABASES, PROCESS ON *.* TO 'vt_appdebug'@'localhost';

        -- Administrative work that must not run as SUPER (so read_only still applies to it),
        -- e.g. the tablet's schema tracker and online DDL; same rights as vt_app.
        CREATE USER IF NOT EXISTS 'vt_allprivs'@'localhost';
        GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, FILE,
          REFERENCES, INDEX, ALTER, SHOW DATABASES, CREATE TEMPORARY TABLES,
          LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW,
          SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER
          ON *.* TO 'vt_allprivs'@'localhost';

        -- Replicas of this shard connect over TCP from their own hosts to stream the binary log
        -- (CHANGE MASTER TO … MASTER_USER='vt_repl'), so this one account is reachable from any host.
        CREATE USER IF NOT EXISTS 'vt_repl'@'%';
        GRANT REPLICATION SLAVE ON *.* TO 'vt_repl'@'%';

        -- VReplication (filtered replication: MoveTables, Reshard) copies and applies rows as
        -- vt_filtered, so its work can be told apart from application traffic; same rights as vt_app.
        CREATE USER IF NOT EXISTS 'vt_filtered'@'localhost';
        GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, FILE,
          REFERENCES, INDEX, ALTER, SHOW DATABASES, CREATE TEMPORARY TABLES,
          LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW,
          SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER
          ON *.* TO 'vt_filtered'@'localhost';

        FLUSH PRIVILEGES;

        -- The sidecar database the tablet keeps its own state in (vreplication streams, schema
        -- versions, …). Created last on purpose: its presence is how mysqlctl knows init finished.
        CREATE DATABASE IF NOT EXISTS _vt;
        """;
}
