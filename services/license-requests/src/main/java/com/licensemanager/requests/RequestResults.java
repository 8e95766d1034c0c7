package com.licensemanager.requests;

import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.LicenseResult;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;

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

    /** Re-publishes the stored answer of this request id, if there is one; answers whether there was. */
    public boolean answerAgain(String requestId, OutgoingEvents events) {
        return db.selectFrom(REQUEST_RESULT).where(REQUEST_RESULT.REQUEST_ID.eq(requestId)).fetchOptional()
                .map(stored -> {
                    events.publish(stored.getEventId(), Topics.LICENSE_RESULTS, stored.getActing(),
                            AvroBinary.decode(LicenseResult.getClassSchema().getFullName(), stored.getResult()));
                    return true;
                })
                .orElse(false);
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
        int stored = db.insertInto(REQUEST_RESULT)
                .set(REQUEST_RESULT.REQUEST_ID, requestId)
                .set(REQUEST_RESULT.ACTING, resultKey)
                .set(REQUEST_RESULT.EVENT_ID, eventId)
                .set(REQUEST_RESULT.RESULT, AvroBinary.encode(result))
                .onConflictDoNothing()
                .execute();
        if (stored == 0) {
            // The same request id was answered by a concurrent delivery; failing makes the retry answer it again.
            throw new IllegalStateException("request " + requestId + " was answered concurrently");
        }
        events.publish(eventId, Topics.LICENSE_RESULTS, resultKey, result);
        count(command, verdict);
        states.publish(changes, events);
    }
}
