package com.licensemanager.fulfilment;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.code.BaseLicense;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.MalformedLicenseCodeException;
import com.licensemanager.licensing.code.UpgradeLicense;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.ordering.OrderFulfilled;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a fulfilled order before a key is issued for it, reporting every problem at once so the ordering system
 * can correct the order in one go. A valid order's lines come back in canonical form: one line per license code,
 * codes spelled as the licensing rules print them, in canonical order.
 */
final class OrderValidation {

    /** Stable reason codes of {@code OrderRejected}. */
    enum Reason {
        ORDER_NUMBER_MISSING, CUSTOMER_MISSING, NO_LICENSES, MALFORMED_LICENSE_CODE, LICENSE_SIZE_NOT_SOLD,
        QUANTITY_NOT_POSITIVE, ORDER_ALREADY_ISSUED
    }

    sealed interface Outcome {
    }

    record Valid(List<LicenseLine> lines) implements Outcome {
    }

    record Invalid(List<Rejection> rejections) implements Outcome {
    }

    private final ProductCatalogue catalogue;

    OrderValidation(ProductCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    Outcome validate(OrderFulfilled order) {
        List<Rejection> rejections = new ArrayList<>();
        if (order.getOrderNumber() == null || order.getOrderNumber().isBlank()) {
            rejections.add(rejection(Reason.ORDER_NUMBER_MISSING, null, "the order has no order number"));
        }
        if (order.getCustomer() == null || order.getCustomer().getName() == null
                || order.getCustomer().getName().isBlank()) {
            rejections.add(rejection(Reason.CUSTOMER_MISSING, null, "the order names no customer"));
        }
        if (order.getLines() == null || order.getLines().isEmpty()) {
            rejections.add(rejection(Reason.NO_LICENSES, null, "the order has no license lines"));
        }
        Map<LicenseCode, Integer> quantities = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        for (LicenseLine line : order.getLines() == null ? List.<LicenseLine>of() : order.getLines()) {
            LicenseCode code;
            try {
                code = LicenseCode.parse(line.getLicenseCode());
            } catch (MalformedLicenseCodeException e) {
                rejections.add(rejection(Reason.MALFORMED_LICENSE_CODE, line.getLicenseCode(), e.getMessage()));
                continue;
            }
            if (!sizesOnSale(code)) {
                rejections.add(rejection(Reason.LICENSE_SIZE_NOT_SOLD, line.getLicenseCode(),
                        code.print() + " is not a size on sale " + catalogue.licenseSizes()));
            }
            if (line.getQuantity() <= 0) {
                rejections.add(rejection(Reason.QUANTITY_NOT_POSITIVE, line.getLicenseCode(),
                        "quantity " + line.getQuantity() + " of " + line.getLicenseCode() + " is not positive"));
                continue;
            }
            quantities.merge(code, line.getQuantity(), Integer::sum);
        }
        if (!rejections.isEmpty()) {
            return new Invalid(List.copyOf(rejections));
        }
        return new Valid(quantities.entrySet().stream()
                .map(entry -> new LicenseLine(entry.getKey().print(), entry.getValue())).toList());
    }

    static Rejection rejection(Reason reason, String subject, String message) {
        return new Rejection(reason.name(), subject, message);
    }

    private boolean sizesOnSale(LicenseCode code) {
        List<Integer> sizes = catalogue.licenseSizes();
        return switch (code) {
            case BaseLicense base -> sizes.contains(base.size());
            case UpgradeLicense upgrade -> sizes.contains(upgrade.fromSize()) && sizes.contains(upgrade.toSize());
            default -> true;
        };
    }
}
