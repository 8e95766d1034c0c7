package com.licensemanager.bench.load;

import com.licensemanager.schemas.portal.LicenseRequest;

/**
 * One portal request of a phase, generated before the phase starts.
 *
 * @param kind           what the workload meant it to be, e.g. {@code AssignLicenses} or
 *                       {@code invalid:NOT_PERMITTED}
 * @param expectAccepted whether the workload's model of the service's state says it must be accepted
 * @param expectedReason the first rejection reason expected, for requests meant to be rejected
 */
public record PlannedRequest(int index, String requestId, String account, String kind, boolean expectAccepted,
                             String expectedReason, LicenseRequest request) {
}
