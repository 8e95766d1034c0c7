package com.licensemanager.platform.outbox;

import com.microsoft.kiota.ApiException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Tells a failure that will repeat for this one event however often it is sent (it is too large for the broker, its
 * schema is refused by the registry, its payload is not what its type says) from one that passes (a broker or
 * registry away, slow or failing). Only the first sets the event aside; anything not recognised here is retried, so
 * an event is never parked for a cause nobody has looked at.
 */
final class PublicationRefusals {

    private PublicationRefusals() {
    }

    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof UnpublishableEventException) {
                return true;
            }
            // 400 invalid schema, 409 incompatible with the registered versions, 422 a rule violated. Not 401/403
            // (a login to fix, after which every event goes out) and not 404 (nothing to say about this event).
            if (t instanceof ApiException api) {
                int status = api.getResponseStatusCode();
                return status == 400 || status == 409 || status == 422;
            }
        }
        return false;
    }

    /** The failure in one line, for the parked row and the log. */
    static String describe(Throwable failure) {
        StringBuilder description = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!description.isEmpty()) {
                description.append(" <- ");
            }
            description.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return description.length() > 2000 ? description.substring(0, 2000) + "…" : description.toString();
    }
}
