package com.licensemanager.platform.outbox;

/** An outbox row that cannot become a record whatever is retried: its stored payload does not decode as its type. */
final class UnpublishableEventException extends RuntimeException {

    UnpublishableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
