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

    /** Issues and stores the unit's next file at once (moves and vendor staff's refunds). */
    public LicenseFile issue(String mac, LicenseBundle licenses) {
        LicenseFile file = sign(mac, units.nextFileSequence(mac), licenses);
        units.storeFile(mac, file.getSequence(), file.getIssuedAt(), file.getContent());
        return file;
    }

    /**
     * Signs the unit's file under this sequence without storing it: a batch of requests counts the sequences of its
     * locked units itself and stores the files it issued when it flushes ({@link UnitWrites}).
     */
    public LicenseFile sign(String mac, int sequence, LicenseBundle licenses) {
        Instant issuedAt = clock.instant();
        SignedLicenseFile file = signing.sign(mac, sequence, issuedAt, licenses);
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
