package com.licensemanager.requests;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Boots the license-request and admin consumers together with order fulfilment and the unit register, so tests can
 * drive whole stories over Kafka: order → key → redeem → assign ...
 */
@SpringBootApplication
public class LicenseRequestsTestApplication {
}
