package com.licensemanager.platform.failures;

import com.licensemanager.platform.kafka.UndecodableMessageException;
import com.microsoft.kiota.ApiException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.TransactionSystemException;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

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

    /** Conflicts between concurrent batches resolve by themselves: retrying the batch is the cure, not a dead letter. */
    @Test
    void serializationFailuresDeadlocksAndAFullServerAreTransient() {
        assertThat(TransientFailures.isTransient(new SQLException("could not serialize access", "40001"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("too many connections", "53300"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        // 57P04 (database dropped) will not pass by waiting.
        assertThat(TransientFailures.isTransient(new SQLException("database dropped", "57P04"))).isFalse();
    }

    @Test
    void anUnreachableServerIsTransientHoweverDeepTheLibraryWrappedIt() {
        assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("pool timed out"))).isTrue();
        // The registry's HTTP client reports a refused connection wrapped in its own exceptions.
        RuntimeException registryAway = new IllegalStateException("could not fetch schema 12",
                new UncheckedIOException(new ConnectException("Connection refused")));
        assertThat(TransientFailures.isTransient(registryAway)).isTrue();
        assertThat(TransientFailures.isTransient(new UndecodableMessageException("tombstone"))).isFalse();
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
    }

    @Test
    void theRootCauseIsWhatTheFailureUltimatelyWas() {
        ConnectException refused = new ConnectException("Connection refused");

        assertThat(TransientFailures.rootCause(new BatchListenerFailedException("batch failed",
                new InfrastructureUnavailableException("registry away", refused), 0))).isSameAs(refused);
        assertThat(TransientFailures.rootCause(refused)).isSameAs(refused);
    }

    @Test
    void causesThatWrapEachOtherAreReadOnceWithoutHanging() {
        RuntimeException outer = new RuntimeException("outer");
        RuntimeException inner = new RuntimeException("inner", outer);
        outer.initCause(inner);

        assertThat(TransientFailures.isTransient(outer)).isFalse();
        assertThat(TransientFailures.rootCause(outer)).isSameAs(inner);
    }

    /**
     * Issue 16 item 2: a registry that answers 5xx (e.g. its storage is down), is overloaded or never answers says
     * nothing about the record. Before, only a refused connection counted, and a valid record was dead-lettered.
     */
    @Test
    void aRegistryThatFailsOrDoesNotAnswerIsTransientButARegistryThatRefusesTheSchemaIsNot() {
        assertThat(TransientFailures.isTransient(decoding(registryAnswer(503)))).isTrue();
        assertThat(TransientFailures.isTransient(decoding(registryAnswer(500)))).isTrue();
        assertThat(TransientFailures.isTransient(decoding(registryAnswer(429)))).isTrue();
        assertThat(TransientFailures.isTransient(decoding(new TimeoutException("The timeout period of 30000ms has been exceeded")))).isTrue();
        assertThat(TransientFailures.isTransient(decoding(new SocketTimeoutException("Read timed out")))).isTrue();
        assertThat(TransientFailures.isTransient(decoding(new ConnectException("Connection refused")))).isTrue();

        assertThat(TransientFailures.isTransient(decoding(registryAnswer(404)))).isFalse();
        assertThat(TransientFailures.isTransient(decoding(registryAnswer(409)))).isFalse();
        assertThat(TransientFailures.isTransient(decoding(new IllegalArgumentException("not Avro")))).isFalse();
    }

    /** How the serde hands a registry failure on: wrapped, sometimes twice. */
    private static Exception decoding(Throwable registryFailure) {
        return new SerializationException("Error deserializing Avro message", new CompletionException(registryFailure));
    }

    private static ApiException registryAnswer(int status) {
        return new ApiException("registry answered " + status) {
            {
                setResponseStatusCode(status);
            }
        };
    }
}
