package com.licensemanager.licensing.file;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.mac.MacAddress;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a license file says.
 *
 * @param mac       the unit's own MAC address (never the RMA form: a device never has it)
 * @param sequence  1, 2, ... per unit: each new file for the unit (licenses added) gets the next number
 * @param issuedAt  when the file was issued; kept to whole seconds (the constructor truncates)
 * @param licenses  everything the unit holds, not empty
 */
public record LicenseFileContent(MacAddress mac, long sequence, Instant issuedAt, LicenseBundle licenses) {

    public LicenseFileContent {
        if (mac == null || issuedAt == null || licenses == null) {
            throw new IllegalArgumentException("mac, issuedAt and licenses are required");
        }
        if (mac.rma()) {
            throw new IllegalArgumentException("a license file names the unit's own MAC address, not the RMA form " + mac);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
        if (licenses.isEmpty()) {
            throw new IllegalArgumentException("a license file needs at least one license");
        }
        if (issuedAt.getEpochSecond() < 0 || issuedAt.getEpochSecond() > 253_402_300_799L) {
            throw new IllegalArgumentException("issuedAt must be within years 1970..9999, was " + issuedAt);
        }
        // The file prints whole seconds; truncating here keeps parse(print(content)) == content.
        issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
    }
}
