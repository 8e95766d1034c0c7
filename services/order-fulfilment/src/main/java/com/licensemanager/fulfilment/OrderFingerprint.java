package com.licensemanager.fulfilment;

import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.ordering.OrderFulfilled;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A digest of what an order asks for, independent of line order. The same order number with the same fingerprint
 * is a retry; with another fingerprint it is a correction, which is refused rather than merged.
 */
final class OrderFingerprint {

    private OrderFingerprint() {
    }

    static String of(OrderFulfilled order) {
        StringBuilder canonical = new StringBuilder()
                .append(order.getOrderNumber()).append('\n')
                .append(Objects.toString(order.getCustomerReference(), "")).append('\n')
                .append(order.getCustomer().getName()).append('\n')
                .append(Objects.toString(order.getCustomer().getAccountId(), "")).append('\n');
        order.getLines().stream()
                .sorted(Comparator.comparing(LicenseLine::getLicenseCode).thenComparing(LicenseLine::getQuantity))
                .forEach(line -> canonical.append(line.getLicenseCode()).append('=').append(line.getQuantity()).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
