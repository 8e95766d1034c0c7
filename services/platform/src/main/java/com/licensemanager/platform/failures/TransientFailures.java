package com.licensemanager.platform.failures;

import com.microsoft.kiota.ApiException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells infrastructure hiccups (database unreachable or restarting, serialization conflicts; a schema registry that
 * cannot be reached, answers with a server error or not at all) from failures of the message itself. The first are
 * retried until they pass and never dead-lettered: the message is fine.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t : causeChain(failure)) {
            if (t instanceof InfrastructureUnavailableException) {
                return true;
            }
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && isTransientSqlState(sql.getSQLState())) {
                return true;
            }
            if (isUnavailableRegistry(t)) {
                return true;
            }
            // The database went away in the middle of a transaction: the failure (connection reset, SQLSTATE 08006)
            // made the transaction roll back, and the rollback failed too ("Connection is closed", no SQLSTATE).
            // Spring then throws the rollback's exception and keeps the original only as the application exception.
            if (t instanceof TransactionSystemException rollbackFailed && rollbackFailed.getApplicationException() != null
                    && rollbackFailed.getApplicationException() != failure
                    && isTransient(rollbackFailed.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause: what the failure ultimately was, for logs and for retry decisions. */
    public static Throwable rootCause(Throwable failure) {
        List<Throwable> chain = causeChain(failure);
        return chain.get(chain.size() - 1);
    }

    /**
     * The failure and its causes, outermost first, each once: {@code initCause} refuses only a failure that is its
     * own cause, so two libraries can wrap each other into a loop, which must not hang a consumer thread.
     */
    private static List<Throwable> causeChain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /**
     * The registry client (Apicurio's, over Kiota and Vert.x) reports a server error or an overloaded registry as an
     * {@link ApiException} with the HTTP status, an unanswered call as a {@link TimeoutException} (Vert.x's
     * {@code NoStackTraceTimeoutException} is one), and a connection lost mid-call as a socket failure or Vert.x's
     * {@code HttpClosedException}. None of them says anything about the record: a 4xx other than 408 and 429 does.
     */
    private static boolean isUnavailableRegistry(Throwable t) {
        if (t instanceof ApiException api) {
            int status = api.getResponseStatusCode();
            return status >= 500 || status == 408 || status == 429;
        }
        return t instanceof TimeoutException || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                || t instanceof SocketException
                || t.getClass().getName().equals("io.vertx.core.http.HttpClosedException");
    }

    /**
     * SQLSTATE classes: 08 connection exception, 40 transaction rollback (serialization failure, deadlock),
     * 53 insufficient resources, 57P01..57P03 server shutting down or starting up.
     */
    private static boolean isTransientSqlState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }
}
