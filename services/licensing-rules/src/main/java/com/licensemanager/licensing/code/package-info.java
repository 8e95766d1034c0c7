/**
 * The version-6 license vocabulary: {@link com.licensemanager.licensing.code.LicenseCode} (parse and print)
 * and {@link com.licensemanager.licensing.code.LicenseBundle} (codes with quantities).
 */
package com.licensemanager.licensing.code;
