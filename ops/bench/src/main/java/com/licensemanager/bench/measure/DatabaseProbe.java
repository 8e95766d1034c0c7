package com.licensemanager.bench.measure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's own look into the service's database: seeding progress, the outbox draining, and the server's
 * statistics per phase (transactions and WAL flushes per request, the statements that took the time).
 */
public final class DatabaseProbe implements AutoCloseable {

    /** Cumulative server counters at one moment. */
    public record Counters(long commits, long rollbacks, long walRecords, long walBytes, long walWrites,
                           long walSyncs, double walSyncMillis, long blocksRead, long blocksHit, long deadlocks) {

        public Map<String, Object> perRequestSince(Counters before, int requests) {
            Map<String, Object> map = new LinkedHashMap<>();
            double n = Math.max(1, requests);
            map.put("transactionsCommitted", commits - before.commits);
            map.put("transactionsRolledBack", rollbacks - before.rollbacks);
            map.put("commitsPerRequest", (commits - before.commits) / n);
            map.put("walSyncs", walSyncs - before.walSyncs);
            map.put("walSyncsPerRequest", (walSyncs - before.walSyncs) / n);
            map.put("walSyncMillisTotal", walSyncMillis - before.walSyncMillis);
            map.put("walBytesPerRequest", (walBytes - before.walBytes) / n);
            map.put("walRecordsPerRequest", (walRecords - before.walRecords) / n);
            map.put("blocksReadFromDisk", blocksRead - before.blocksRead);
            // Each one costs the service a rolled-back batch and its replay; counted per 100k to compare runs.
            map.put("deadlocks", deadlocks - before.deadlocks);
            map.put("deadlocksPer100kRequests", (deadlocks - before.deadlocks) * 100_000.0 / n);
            return map;
        }
    }

    private final Connection connection;

    public DatabaseProbe(String jdbcUrl, String user, String password) {
        try {
            connection = DriverManager.getConnection(jdbcUrl, user, password);
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl, e);
        }
    }

    public synchronized long count(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Whether the given table exists yet (the service migrates the schema when it starts). */
    public boolean tableExists(String table) {
        return count("select count(*) from information_schema.tables where table_name = '" + table + "'") > 0;
    }

    /** Waits until {@code sql} counts at least {@code expected}, failing if the count stalls for {@code stall}. */
    public void awaitCount(String what, String sql, long expected, Duration stall) {
        long seen = -1;
        long stallDeadline = System.nanoTime() + stall.toNanos();
        while (true) {
            long now = count(sql);
            if (now >= expected) {
                return;
            }
            if (now != seen) {
                seen = now;
                stallDeadline = System.nanoTime() + stall.toNanos();
            } else if (System.nanoTime() > stallDeadline) {
                throw new IllegalStateException(what + ": " + now + " of " + expected + " after no progress for "
                        + stall.toSeconds() + " s");
            }
            sleep(200);
        }
    }

    /** Waits until the outbox is empty: every event of the service is on Kafka. */
    public void awaitOutboxEmpty(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long depth;
        while ((depth = count("select count(*) from outbox")) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the outbox still holds " + depth + " events after "
                        + timeout.toSeconds() + " s");
            }
            sleep(200);
        }
    }

    public synchronized Counters counters() {
        try (Statement statement = connection.createStatement()) {
            long commits;
            long rollbacks;
            long blocksRead;
            long blocksHit;
            long deadlocks;
            try (ResultSet rs = statement.executeQuery("select xact_commit, xact_rollback, blks_read, blks_hit, deadlocks "
                    + "from pg_stat_database where datname = current_database()")) {
                rs.next();
                commits = rs.getLong(1);
                rollbacks = rs.getLong(2);
                blocksRead = rs.getLong(3);
                blocksHit = rs.getLong(4);
                deadlocks = rs.getLong(5);
            }
            try (ResultSet rs = statement.executeQuery(
                    "select wal_records, wal_bytes, wal_write, wal_sync, wal_sync_time from pg_stat_wal")) {
                rs.next();
                return new Counters(commits, rollbacks, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getDouble(5), blocksRead, blocksHit, deadlocks);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the server statistics", e);
        }
    }

    public synchronized void resetStatements() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_stat_statements_reset()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset pg_stat_statements", e);
        }
    }

    /** The statements that took the most time since the last reset (the service's database only). */
    public synchronized List<Map<String, Object>> topStatements(int limit) {
        String sql = "select calls, total_exec_time, mean_exec_time, rows, shared_blks_hit + shared_blks_read, "
                + "regexp_replace(query, '\\s+', ' ', 'g'), plans, mean_plan_time from pg_stat_statements "
                + "where dbid = (select oid from pg_database where datname = current_database()) "
                + "order by total_exec_time desc limit " + limit;
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("calls", rs.getLong(1));
                row.put("totalMs", rs.getDouble(2));
                row.put("meanMs", rs.getDouble(3));
                row.put("rows", rs.getLong(4));
                row.put("blocks", rs.getLong(5));
                row.put("plans", rs.getLong(7));
                row.put("meanPlanMs", rs.getDouble(8));
                String query = rs.getString(6);
                row.put("query", query.length() > 300 ? query.substring(0, 300) + " ..." : query);
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_statements", e);
        }
        return rows;
    }

    /**
     * The statements' totals since the last reset: calls and execution time, plans and planning time (planning is
     * counted only with {@code pg_stat_statements.track_planning = on}, which the bench sets; a statement the driver
     * has not prepared on the server is planned at every call).
     */
    public record StatementTotals(double calls, double executionMs, double plans, double planMs) {

        /** What ran between {@code before} and these totals (no reset between them). */
        public StatementTotals since(StatementTotals before) {
            return new StatementTotals(calls - before.calls, executionMs - before.executionMs, plans - before.plans,
                    planMs - before.planMs);
        }

        /** The phase's figures per request, as summary.json's {@code pgStatStatements} shows them. */
        public Map<String, Object> perRequest(int requests) {
            double n = Math.max(1, requests);
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("statementsPerRequest", calls / n);
            map.put("statementMsPerRequest", executionMs / n);
            map.put("planMsPerRequest", planMs / n);
            map.put("plansPerRequest", plans / n);
            map.put("plansPerStatement", calls > 0 ? plans / calls : null);
            return map;
        }
    }

    public synchronized StatementTotals statementTotals() {
        String sql = "select coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0), coalesce(sum(plans), 0), "
                + "coalesce(sum(total_plan_time), 0) from pg_stat_statements "
                + "where dbid = (select oid from pg_database where datname = current_database())";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return new StatementTotals(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_statements", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
