package com.licensemanager.testsupport;

/**
 * Takes the test database away and brings it back, on the same port and with the same data. Available only when
 * PostgreSQL runs embedded in the test JVM's local stack (see {@link TestInfrastructure#postgresControl()}).
 */
public interface PostgresControl {

    /** Shuts PostgreSQL down ("fast": connections are cut, committed data is kept). No-op if stopped. */
    void stop();

    /** Starts PostgreSQL again on the same port and data directory. No-op if running. */
    void start();

    boolean isRunning();
}
