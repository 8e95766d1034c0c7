package com.licensemanager.requests.results;

import com.licensemanager.platform.db.tables.records.RequestResultRecord;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.sql.BinaryArrays;
import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.publication.StatePublication;
import com.licensemanager.state.publication.StatePublication.ChangedStates;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static com.licensemanager.platform.db.Tables.REQUEST_RESULT;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.val;

/**
 * Exactly one result per request id. The first answer is stored with its event id; a request that comes again
 * under the same id (the portal retried, or replayed) is answered by publishing that same event again, and
 * changes nothing. The state of what the command changed follows its result.
 *
 * <p>A batch answers through its own {@link Answers}: the stored answers of its request ids are read in one
 * statement when it opens, and its new answers are stored in one statement when it flushes. The primary key on the
 * request id is what keeps one result per id across concurrent batches: a flush that finds an id answered by
 * another transaction fails, and the record-by-record retry then answers that request again with the stored result.
 */
public class RequestResults {

    private final DSLContext db;
    private final StatePublication states;
    private final MeterRegistry meters;

    public RequestResults(DSLContext db, StatePublication states, MeterRegistry meters) {
        this.db = db;
        this.states = states;
        this.meters = meters;
    }

    /** Opens the answers of one batch, reading the stored answers of its request ids in one statement. */
    public Answers forBatch(Collection<String> requestIds) {
        return RoundTrip.alone(db, trip -> forBatch(requestIds, trip));
    }

    /** The same, its statement joined to a round trip: the answers are there once it is sent. */
    public Supplier<Answers> forBatch(Collection<String> requestIds, RoundTrip trip) {
        if (requestIds.isEmpty()) {
            return () -> new Answers(new HashMap<>());
        }
        RoundTrip.Rows rows = trip.read(db.selectFrom(REQUEST_RESULT)
                .where(REQUEST_RESULT.REQUEST_ID.eq(any(requestIds.toArray(String[]::new)))));
        return () -> {
            Map<String, RequestResultRecord> stored = new HashMap<>();
            rows.result().into(REQUEST_RESULT).forEach(answer -> stored.put(answer.getRequestId(), answer));
            return new Answers(stored);
        };
    }

    /**
     * Answers a request that decoded but could not be handled and went to its dead-letter topic: rejected with
     * {@code REQUEST_FAILED} naming the correlation id support finds it by, unless it was answered before. Changes
     * no state, so its flush has no state to publish.
     */
    public void answerFailed(String requestId, String actingAccount, String resultKey, String command,
                             String correlationId, OutgoingEvents events) {
        Answers answers = forBatch(List.of(requestId));
        if (answers.answerAgain(requestId, events)) {
            return;
        }
        answers.answer(requestId, actingAccount, resultKey, command, Verdict.rejected(Reason.REQUEST_FAILED,
                correlationId, "the request could not be handled and was set aside for support; correlation id "
                        + correlationId + "; send it again under a new request id once support has answered"),
                new Changes(), events);
        answers.flush();
    }

    /** Results by command and outcome, rejections by their first reason: what the portal's users run into. */
    private void count(String command, Verdict verdict) {
        String reason = verdict.accepted() ? "none" : verdict.rejections().get(0).getReason();
        meters.counter("licensing.results", "command", command, "outcome",
                verdict.accepted() ? "accepted" : "rejected", "reason", reason).increment();
    }

    /** The answers of one batch: those stored before it, and those it gives, stored when it flushes. */
    public final class Answers {

        private final Map<String, RequestResultRecord> stored;
        private final List<RequestResultRecord> given = new ArrayList<>();
        private final ChangedStates changed = states.forBatch();
        private final RoundTrip writes = new RoundTrip(db);

        private Answers(Map<String, RequestResultRecord> stored) {
            this.stored = stored;
        }

        /** Re-publishes the stored answer of this request id, if there is one; answers whether there was. */
        public boolean answerAgain(String requestId, OutgoingEvents events) {
            RequestResultRecord answer = stored.get(requestId);
            if (answer == null) {
                return false;
            }
            events.publish(answer.getEventId(), Topics.LICENSE_RESULTS, answer.getActing(),
                    AvroBinary.decode(LicenseResult.getClassSchema().getFullName(), answer.getResult()));
            return true;
        }

        public void answer(String requestId, String actingAccount, String resultKey, String command,
                           Verdict verdict, Changes changes, OutgoingEvents events) {
            LicenseResult result = LicenseResult.newBuilder()
                    .setRequestId(requestId)
                    .setActingAccount(actingAccount)
                    .setCommand(command)
                    .setAccepted(verdict.accepted())
                    .setRejections(verdict.rejections())
                    .setOutcome(verdict.outcome())
                    .build();
            UUID eventId = UUID.randomUUID();
            RequestResultRecord answer = new RequestResultRecord();
            answer.setRequestId(requestId);
            answer.setActing(resultKey);
            answer.setEventId(eventId);
            answer.setResult(AvroBinary.encode(result));
            // A later request of this batch under the same id must find this answer, as the database would.
            stored.put(requestId, answer);
            given.add(answer);
            events.publish(eventId, Topics.LICENSE_RESULTS, resultKey, result);
            count(command, verdict);
            changed.add(changes, events);
        }

        /**
         * The round trip the batch's other writes join before {@link #flush()} sends it with the answers: at light
         * load a batch holds one request, which would otherwise wait for a round trip per statement.
         */
        public RoundTrip writes() {
            return writes;
        }

        /**
         * Stores the batch's answers and answers the new states of what its commands changed. Fails when another
         * transaction answered one of these request ids first: the retry record by record answers it again.
         */
        public List<OutboxEvent> flush() {
            if (!given.isEmpty()) {
                writes.write(db.query("""
                                        insert into request_result (request_id, acting, event_id, result)
                                        select d.request_id, d.acting, d.event_id::uuid, d.result
                                        from unnest({0}, {1}, {2}, {3}) as d(request_id, acting, event_id, result)
                                        on conflict do nothing""",
                                val(given.stream().map(RequestResultRecord::getRequestId).toArray(String[]::new)),
                                val(given.stream().map(RequestResultRecord::getActing).toArray(String[]::new)),
                                val(given.stream().map(answer -> answer.getEventId().toString())
                                        .toArray(String[]::new)),
                                BinaryArrays.bytea(given.stream().map(RequestResultRecord::getResult).toList())),
                        given.size(), "answers stored (the others' requests were answered concurrently, among "
                                + given.getFirst().getRequestId() + " .. " + given.getLast().getRequestId() + ")");
            }
            given.clear();
            return changed.publish(writes);
        }
    }
}
