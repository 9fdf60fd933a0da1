package io.mianshen.support.kafka;

import io.mianshen.contracts.InvalidEventException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * Tells the two kinds of listener failure apart. A failure of the <em>infrastructure</em> (the database or the
 * broker unreachable, a timeout, a deadlock, the server shutting down) says nothing about the record: it is
 * retried until it succeeds, and no valid record is ever skipped. Every other failure is taken as the
 * <em>record's own</em> (a value the database refuses, such as a number its column cannot hold): it is tried a
 * bounded number of times, then goes to the dead-letter topic with its reason, so that the partition moves on.
 */
public final class ListenerFailures {

    private ListenerFailures() {}

    /** Whether {@code failure}, or any of its causes, is a failure of the infrastructure rather than the record's. */
    public static boolean isInfrastructure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException) {
                return false;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().length() == 5) {
                // SQLSTATE classes 22 (data exception: a value out of range, a character the encoding cannot hold)
                // and 23 (integrity constraint violation) are the record's; every other class is the database's
                // state (08 connection, 40 deadlock, 53 resources, 55 lock not available, 57 shutdown, 42 a
                // privilege taken away): retrying succeeds once it is put right
                String sqlClass = sql.getSQLState().substring(0, 2);
                return !sqlClass.equals("22") && !sqlClass.equals("23");
            }
            if (cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransactionTimedOutException
                    || cause instanceof SocketException
                    || cause instanceof InterruptedIOException
                    || cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.RetriableException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.DisconnectException) {
                return true;
            }
        }
        return false;
    }

    /** The failure's innermost cause, named and explained in one line, for logs and dead-letter headers. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() == null ? "" : ": " + root.getMessage().replaceAll("\\s+", " ");
        String reason = root.getClass().getSimpleName() + message;
        return reason.length() > 500 ? reason.substring(0, 500) + "..." : reason;
    }
}
