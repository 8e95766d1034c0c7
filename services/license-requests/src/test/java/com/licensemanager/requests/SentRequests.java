package com.licensemanager.requests;

import com.licensemanager.schemas.portal.LicenseRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The requests sent so far: how often each request id was sent, the expected answer of each not checked yet, and
 * the current phase's requests in publish order. Shared by the generator, which fills it, and the test, which
 * sends the phase and checks the answers against it.
 */
final class SentRequests {

    /** What the model says the answer to one request must be; {@code outcome} checks an accepted one's outcome. */
    record Expectation(boolean accepted, List<String> reasons, Consumer<Object> outcome) {
    }

    /** Request id -> how many times it was sent. */
    private final Map<String, Integer> sends = new HashMap<>();
    /** Every request generated so far, in order: what a re-send picks from. */
    private final List<LicenseRequest> originals = new ArrayList<>();
    private final Map<String, Expectation> expectations = new HashMap<>();
    /** The requests of the current phase, in publish order, re-sends included. */
    private List<LicenseRequest> phase = new ArrayList<>();

    void startPhase() {
        phase = new ArrayList<>();
    }

    /** A new request of the current phase with what the model expects of it. */
    void send(LicenseRequest request, Expectation expectation) {
        phase.add(request);
        sends.merge(request.getRequestId(), 1, Integer::sum);
        originals.add(request);
        expectations.put(request.getRequestId(), expectation);
    }

    /** An earlier request once more in the current phase: its answer is checked at the end, with all sends. */
    void resend(LicenseRequest original) {
        phase.add(original);
        sends.merge(original.getRequestId(), 1, Integer::sum);
    }

    /** How many requests were generated (re-sends not counted). */
    int originals() {
        return originals.size();
    }

    /** The request generated {@code back} requests before the last one. */
    LicenseRequest original(int back) {
        return originals.get(originals.size() - 1 - back);
    }

    List<LicenseRequest> phase() {
        return phase;
    }

    /** The expectation of a request first sent in this phase, taken out; null for a re-send. */
    Expectation takeExpectation(String requestId) {
        return expectations.remove(requestId);
    }

    /** Request id -> how many times it was sent. */
    Map<String, Integer> sends() {
        return sends;
    }
}
