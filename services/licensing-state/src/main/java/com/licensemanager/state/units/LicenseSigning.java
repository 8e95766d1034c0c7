package com.licensemanager.state.units;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.file.LicenseFileContent;
import com.licensemanager.licensing.file.LicenseFileSigner;
import com.licensemanager.licensing.file.SignedLicenseFile;
import com.licensemanager.licensing.mac.MacAddress;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;

/**
 * Signs license files with the vendor's Ed25519 key (with BouncyCastle, see {@link BouncyCastleSigning}); the public
 * key is what devices and customers verify with.
 */
public class LicenseSigning {

    private final LicenseFileSigner signer;
    private final PublicKey publicKey;

    public LicenseSigning(KeyPair keys) {
        this.signer = new LicenseFileSigner(keys.getPublic(), new BouncyCastleSigning(keys));
        this.publicKey = keys.getPublic();
    }

    public SignedLicenseFile sign(String mac, int sequence, Instant issuedAt, LicenseBundle licenses) {
        return signer.sign(new LicenseFileContent(MacAddress.parse(mac), sequence, issuedAt, licenses));
    }

    public PublicKey publicKey() {
        return publicKey;
    }
}
