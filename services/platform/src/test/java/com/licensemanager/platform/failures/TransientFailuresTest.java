package com.licensemanager.platform.failures;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    /**
     * Regression (found by ops/chaos/run.sh, PostgreSQL crashed with {@code pg_ctl stop -m immediate} under load): a
     * batch whose connection broke mid-transaction failed with the rollback's "Connection is closed" (no SQLSTATE),
     * the original SQLSTATE 08006 failure kept only as the application exception. It counted as the record's own
     * failure, the record was dead-lettered after three attempts while the database restarted, and the request was
     * never answered.
     */
    @Test
    void aRollbackThatFailedAfterTheConnectionBrokeIsTransient() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));

        assertThat(TransientFailures.isTransient(rollbackFailed)).isTrue();
        assertThat(TransientFailures.isTransient(new BatchListenerFailedException("record failed", rollbackFailed, 0)))
                .isTrue();
    }

    @Test
    void aRollbackThatFailedAfterTheRecordsOwnFailureIsNot() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new IllegalArgumentException("bad command"));

        assertThat(TransientFailures.isTransient(rollbackFailed)).isFalse();
        assertThat(TransientFailures.isTransient(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).isFalse();
    }

    @Test
    void connectionFailuresAreTransientAndOtherFailuresAreNot() {
        assertThat(TransientFailures.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("broken", "08006"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("check constraint", "23514"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("bug"))).isFalse();
    }
}
