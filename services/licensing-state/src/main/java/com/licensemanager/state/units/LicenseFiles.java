package com.licensemanager.state.units;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.file.SignedLicenseFile;
import com.licensemanager.platform.db.tables.records.LicenseFileRecord;
import com.licensemanager.schemas.common.LicenseFile;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Issues a unit's license files: each lists every license of the unit and supersedes the one before. */
public class LicenseFiles {

    private final Units units;
    private final LicenseSigning signing;
    private final Clock clock;

    public LicenseFiles(Units units, LicenseSigning signing, Clock clock) {
        this.units = units;
        this.signing = signing;
        this.clock = clock;
    }

    public LicenseFile issue(String mac, LicenseBundle licenses) {
        int sequence = units.nextFileSequence(mac);
        Instant issuedAt = clock.instant();
        SignedLicenseFile file = signing.sign(mac, sequence, issuedAt, licenses);
        units.storeFile(mac, sequence, issuedAt, file.text());
        return new LicenseFile(mac, sequence, issuedAt, file.text());
    }

    public Optional<LicenseFile> latest(String mac) {
        return units.latestFile(mac).map(LicenseFiles::toAvro);
    }

    public static LicenseFile toAvro(LicenseFileRecord record) {
        return new LicenseFile(record.getMac(), record.getSequence(), record.getIssuedAt().toInstant(),
                record.getContent());
    }
}
