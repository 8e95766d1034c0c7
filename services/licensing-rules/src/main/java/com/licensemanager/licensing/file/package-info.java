/**
 * Signed license files: the text a customer downloads for a unit, signed with the vendor's Ed25519
 * key, verifiable offline ({@link com.licensemanager.licensing.file.LicenseFileVerifier},
 * {@link com.licensemanager.licensing.file.VerifyLicenseFile}).
 */
package com.licensemanager.licensing.file;
