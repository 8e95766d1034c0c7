package com.licensemanager.requests.results;

import com.licensemanager.platform.db.tables.records.RequestResultRecord;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.platform.transaction.TransactionScoped;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.publication.StatePublication;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.REQUEST_RESULT;

/**
 * Exactly one result per request id. The first answer is stored with its event id; a request that comes again
 * under the same id (the portal retried, or replayed) is answered by publishing that same event again, and
 * changes nothing. The state of what the command changed follows its result.
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

    /** Results by command and outcome, rejections by their first reason: what the portal's users run into. */
    private void count(String command, Verdict verdict) {
        String reason = verdict.accepted() ? "none" : verdict.rejections().get(0).getReason();
        meters.counter("licensing.results", "command", command, "outcome",
                verdict.accepted() ? "accepted" : "rejected", "reason", reason).increment();
    }

    /**
     * Reads the stored answers of these request ids in one statement, for {@link #answerAgain} to consult for the
     * rest of the transaction instead of asking the database per request.
     */
    public void prefetch(Collection<String> requestIds) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("answers can only be prefetched for the transaction that answers them");
        }
        Prefetched prefetched = new Prefetched(new HashSet<>(requestIds));
        if (!requestIds.isEmpty()) {
            db.selectFrom(REQUEST_RESULT).where(REQUEST_RESULT.REQUEST_ID.in(prefetched.requestIds)).fetch()
                    .forEach(stored -> prefetched.answers.put(stored.getRequestId(), stored));
        }
        TransactionScoped.bind(this, prefetched);
    }

    /** Re-publishes the stored answer of this request id, if there is one; answers whether there was. */
    public boolean answerAgain(String requestId, OutgoingEvents events) {
        Prefetched prefetched = TransactionScoped.get(this, Prefetched.class);
        Optional<RequestResultRecord> answer = prefetched != null && prefetched.requestIds.contains(requestId)
                ? Optional.ofNullable(prefetched.answers.get(requestId))
                : db.selectFrom(REQUEST_RESULT).where(REQUEST_RESULT.REQUEST_ID.eq(requestId)).fetchOptional();
        return answer
                .map(stored -> {
                    events.publish(stored.getEventId(), Topics.LICENSE_RESULTS, stored.getActing(),
                            AvroBinary.decode(LicenseResult.getClassSchema().getFullName(), stored.getResult()));
                    return true;
                })
                .orElse(false);
    }

    /**
     * Answers a request that decoded but could not be handled and went to its dead-letter topic: rejected with
     * {@code REQUEST_FAILED} naming the correlation id support finds it by, unless it was answered before.
     */
    public void answerFailed(String requestId, String actingAccount, String resultKey, String command,
                             String correlationId, OutgoingEvents events) {
        if (answerAgain(requestId, events)) {
            return;
        }
        answer(requestId, actingAccount, resultKey, command, Verdict.rejected(Reason.REQUEST_FAILED, correlationId,
                "the request could not be handled and was set aside for support; correlation id " + correlationId
                        + "; send it again under a new request id once support has answered"),
                new Changes(), events);
    }

    public void answer(String requestId, String actingAccount, String resultKey, String command, Verdict verdict,
                       Changes changes, OutgoingEvents events) {
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
        int stored = db.insertInto(REQUEST_RESULT)
                .set(answer)
                .onConflictDoNothing()
                .execute();
        if (stored == 0) {
            // The same request id was answered by a concurrent delivery; failing makes the retry answer it again.
            throw new IllegalStateException("request " + requestId + " was answered concurrently");
        }
        Prefetched prefetched = TransactionScoped.get(this, Prefetched.class);
        if (prefetched != null) {
            // A later request of this batch under the same id must find this answer, as the database would.
            prefetched.answers.put(requestId, answer);
        }
        events.publish(eventId, Topics.LICENSE_RESULTS, resultKey, result);
        count(command, verdict);
        states.publish(changes, events);
    }

    /** The stored answers of the request ids of one transaction's batch; ids outside it are asked for one by one. */
    private record Prefetched(Set<String> requestIds, Map<String, RequestResultRecord> answers) {
        Prefetched(Set<String> requestIds) {
            this(requestIds, new HashMap<>());
        }
    }
}
