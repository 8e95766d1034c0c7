package com.licensemanager.licensing.code;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LicenseBundleTest {

    @Test
    void quantitiesArePositive() {
        assertThatThrownBy(() -> LicenseBundle.of(CountLicense.AB, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LicenseBundle.of(Map.of(CountLicense.AB, -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AB");
        Map<LicenseCode, Integer> withNull = new HashMap<>();
        withNull.put(null, 1);
        assertThatThrownBy(() -> LicenseBundle.of(withNull)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addsCodeByCodeAndKeepsCanonicalOrder() {
        LicenseBundle a = LicenseBundle.of(Map.of(CountLicense.REGISTRATIONS, 10, BaseLicense.pbx(15), 1));
        LicenseBundle b = LicenseBundle.of(CountLicense.REGISTRATIONS, 5).with(CountLicense.AB, 2);
        LicenseBundle sum = a.plus(b);
        assertThat(sum.quantity(CountLicense.REGISTRATIONS)).isEqualTo(15);
        assertThat(sum.quantity(CountLicense.CHANNELS)).isZero();
        assertThat(sum.toString()).isEqualTo("PBX6#15 x1, Registrations x15, AB x2");
        assertThat(LicenseBundle.empty().toString()).isEqualTo("(none)");
        assertThat(a).isEqualTo(LicenseBundle.of(BaseLicense.pbx(15), 1).with(CountLicense.REGISTRATIONS, 10));
    }

    @Test
    void isImmutable() {
        LicenseBundle bundle = LicenseBundle.of(CountLicense.AB, 1);
        assertThatThrownBy(() -> bundle.quantities().put(CountLicense.BRI, 1))
                .isInstanceOf(UnsupportedOperationException.class);
        bundle.with(CountLicense.BRI, 1);
        assertThat(bundle.contains(CountLicense.BRI)).isFalse();
    }
}
