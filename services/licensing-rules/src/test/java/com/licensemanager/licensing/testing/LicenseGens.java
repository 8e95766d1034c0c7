package com.licensemanager.licensing.testing;

import com.licensemanager.licensing.code.BaseLicense;
import com.licensemanager.licensing.code.CountLicense;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.SizedFamily;
import com.licensemanager.licensing.code.UpgradeLicense;

import java.util.List;

/** Generators for license codes. */
public final class LicenseGens {

    private LicenseGens() {
    }

    /** Any size 1..99999, biased towards small numbers and the limits. */
    public static Gen<Integer> anySize() {
        return Gen.frequency(Gen.between(1, 100), Gen.between(1, LicenseCode.MAX_SIZE),
                Gen.oneOf(1, 2, 9, 10, 99, 100, 9_999, 10_000, LicenseCode.MAX_SIZE - 1, LicenseCode.MAX_SIZE));
    }

    /** Every kind of code, with any size. */
    public static Gen<LicenseCode> anyCode() {
        return codes(anySize());
    }

    /** Codes whose sizes are mostly taken from {@code sizes}, sometimes any (to exercise unknown sizes). */
    public static Gen<LicenseCode> codesMostlyOn(List<Integer> sizes) {
        Gen<Integer> size = Gen.frequency(Gen.oneOf(sizes), Gen.oneOf(sizes), Gen.oneOf(sizes), Gen.oneOf(sizes),
                Gen.oneOf(sizes), Gen.oneOf(sizes), Gen.oneOf(sizes), anySize());
        return codes(size);
    }

    private static Gen<LicenseCode> codes(Gen<Integer> size) {
        Gen<LicenseCode> count = Gen.oneOf(CountLicense.values()).map(c -> c);
        Gen<LicenseCode> base = random -> new BaseLicense(Gen.oneOf(SizedFamily.values()).next(random), size.next(random));
        Gen<LicenseCode> upgrade = random -> {
            int a = size.next(random);
            int b = size.next(random);
            while (a == b) {
                b = size.next(random);
            }
            return new UpgradeLicense(Gen.oneOf(SizedFamily.values()).next(random), Math.min(a, b), Math.max(a, b));
        };
        return Gen.frequency(count, count, base, upgrade);
    }
}
