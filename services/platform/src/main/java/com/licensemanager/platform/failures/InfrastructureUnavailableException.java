package com.licensemanager.platform.failures;

/**
 * A record could not be handled because something it depends on is away (e.g. the schema registry while decoding
 * it): retried until it is back, never dead-lettered, since the record itself is fine.
 */
public class InfrastructureUnavailableException extends RuntimeException {

    public InfrastructureUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
