package com.licensemanager.platform.sql;

import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultOrRows;
import org.jooq.ResultQuery;
import org.jooq.Results;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Statements sent to PostgreSQL together and answered together: one round trip for all of them, executed one after
 * the other in the order added, in the caller's transaction.
 *
 * <p>Why: at light load a batch holds one request, and each statement it runs is a round trip the request waits
 * for — on a busy machine twice a wait for the scheduler besides the network. A batch's writes need no answer
 * between them (each was decided before the flush), so they go as one text of several statements; the driver sends
 * them all before it waits, PostgreSQL answers each in turn. A statement that fails fails the trip and, with it, the
 * transaction, as it would alone.
 *
 * <p>What a statement must come to is said when it is added ({@link #write(Query, int, String)}) and checked when
 * the answers are in, so a write that found fewer rows than the batch decided on still fails the batch. A statement
 * that answers rows ({@link #read}) hands them over once the trip is {@link #send() sent}.
 *
 * <p>The statements still run through jOOQ (its execute listeners see one execution per trip: the round trips),
 * and {@code pg_stat_statements} still counts each statement.
 */
public final class RoundTrip {

    private final DSLContext db;
    private final List<Statement> statements = new ArrayList<>();

    public RoundTrip(DSLContext db) {
        this.db = db;
    }

    /**
     * What {@code reading} adds to a trip, sent as a round trip of its own: for a component whose statements usually
     * join a batch's trip, called once outside one. Answers what the reading hands back once the trip is sent.
     */
    public static <T> T alone(DSLContext db, Function<RoundTrip, Supplier<T>> reading) {
        RoundTrip trip = new RoundTrip(db);
        Supplier<T> read = reading.apply(trip);
        trip.send();
        return read.get();
    }

    /** A write whose effect is all that is wanted, whatever number of rows it touches. */
    public void write(Query query) {
        statements.add(new Statement(query, null, null, null));
    }

    /** A write that must touch exactly {@code expectedRows} rows; otherwise {@link #send()} fails naming {@code what}. */
    public void write(Query query, int expectedRows, String what) {
        statements.add(new Statement(query, expectedRows, what, null));
    }

    /** A statement that answers rows (a select, or a write with {@code RETURNING}): they are there once sent. */
    public Rows read(ResultQuery<? extends Record> query) {
        Rows rows = new Rows();
        statements.add(new Statement(query, null, null, rows));
        return rows;
    }

    /** Whether nothing was added since the last send. */
    public boolean isEmpty() {
        return statements.isEmpty();
    }

    /**
     * Sends the statements added since the last send in one round trip, hands the reads their rows and checks the
     * writes' row counts. Nothing is sent when none were added; a lone statement goes as itself.
     */
    public void send() {
        if (statements.isEmpty()) {
            return;
        }
        List<Statement> sending = List.copyOf(statements);
        statements.clear();
        if (sending.size() == 1) {
            Statement only = sending.getFirst();
            if (only.rows() != null) {
                only.rows().arrived(fetch((ResultQuery<?>) only.query()));
            } else {
                only.check(only.query().execute());
            }
            return;
        }
        StringBuilder template = new StringBuilder();
        QueryPart[] parts = new QueryPart[sending.size()];
        for (int i = 0; i < sending.size(); i++) {
            template.append(i == 0 ? "" : ";\n").append('{').append(i).append('}');
            parts[i] = sending.get(i).query();
        }
        Results answers = db.resultQuery(template.toString(), (Object[]) parts).fetchMany();
        List<ResultOrRows> each = answers.resultsOrRows();
        if (each.size() != sending.size()) {
            throw new IllegalStateException(sending.size() + " statements sent together, " + each.size()
                    + " answers received");
        }
        for (int i = 0; i < sending.size(); i++) {
            Statement statement = sending.get(i);
            ResultOrRows answer = each.get(i);
            if (statement.rows() != null) {
                if (answer.result() == null) {
                    throw new IllegalStateException("statement " + (i + 1) + " of a round trip answered no rows");
                }
                statement.rows().arrived(answer.result());
            } else {
                statement.check(answer.result() == null ? answer.rows() : answer.result().size());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Result<Record> fetch(ResultQuery<?> query) {
        return (Result<Record>) query.fetch();
    }

    /** The rows a read answered; there once its round trip is sent. */
    public static final class Rows {

        private Result<Record> result;

        private void arrived(Result<Record> result) {
            this.result = result;
        }

        public Result<Record> result() {
            if (result == null) {
                throw new IllegalStateException("the round trip of this read has not been sent");
            }
            return result;
        }
    }

    private record Statement(Query query, Integer expectedRows, String what, Rows rows) {

        void check(int touched) {
            if (expectedRows != null && touched != expectedRows) {
                throw new IllegalStateException(touched + " of " + expectedRows + " " + what);
            }
        }
    }
}
