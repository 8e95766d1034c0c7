package com.licensemanager.platform.kafka;

/** A record that decoded to nothing this consumer understands: dead-lettered at once, retrying cannot help. */
public class UndecodableMessageException extends RuntimeException {

    public UndecodableMessageException(String message) {
        super(message);
    }
}
