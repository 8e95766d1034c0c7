package com.licensemanager.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-only JDBC access to the service's database for the checks, and the sampler that looks for a negative balance
 * several times a second for the whole run (a check constraint existing is not the same as never seeing one). Each
 * query opens its own short-lived connection, so a crashed and restarted server needs no reconnect logic.
 */
final class Database implements AutoCloseable {

    private final String url;
    private final Properties properties = new Properties();
    private final Thread sampler;
    private volatile boolean running = true;
    final AtomicLong samples = new AtomicLong();
    final AtomicLong samplesUnreachable = new AtomicLong();
    final AtomicLong negativeRowsSeen = new AtomicLong();
    private volatile String firstNegative;

    Database(String url, String user, String password) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("ApplicationName", "chaos-checks");
        sampler = Thread.ofPlatform().name("chaos-negative-balance-sampler").daemon().start(this::sample);
    }

    /** Every row of a query, each as an array of its columns' string values. */
    List<String[]> rows(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, properties);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String[]> result = new ArrayList<>();
            while (rows.next()) {
                String[] row = new String[meta.getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rows.getString(i + 1);
                }
                result.add(row);
            }
            return result;
        }
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).getFirst()[0]);
    }

    String firstNegative() {
        return firstNegative;
    }

    private void sample() {
        while (running) {
            try {
                List<String[]> negative = rows("select owner, license_code, uploaded, used, transferred from balance"
                        + " where uploaded - used - transferred < 0 or used < 0 or transferred < 0 limit 5");
                samples.incrementAndGet();
                if (!negative.isEmpty()) {
                    negativeRowsSeen.addAndGet(negative.size());
                    if (firstNegative == null) {
                        firstNegative = String.join(",", negative.getFirst());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                samplesUnreachable.incrementAndGet();
            }
            try {
                Thread.sleep(200); // the sampling period, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
