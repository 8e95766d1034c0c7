package com.licensemanager.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The License Manager service. Which consumers run is configuration ({@code licensing.<consumer>.enabled}); every
 * consumer has its own consumer group, so instances of one role scale on their own.
 */
@SpringBootApplication
public class LicenseManagerApplication {

    public static void main(String[] args) {
        SpringApplication.run(LicenseManagerApplication.class, args);
    }
}
