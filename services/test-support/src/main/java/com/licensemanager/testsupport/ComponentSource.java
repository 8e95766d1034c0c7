package com.licensemanager.testsupport;

/** Where a piece of test infrastructure came from. */
public enum ComponentSource {
    /** An endpoint given by an environment variable ({@code LICENSING_TEST_*}); nothing was started. */
    ENVIRONMENT,
    /** The local stack: in-process Kafka, embedded PostgreSQL, Apicurio Registry as a child process. */
    EMBEDDED
}
