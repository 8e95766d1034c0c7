package com.licensemanager.fulfilment;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderValidationTest {

    private final OrderValidation validation = new OrderValidation(ProductCatalogue.loadDefault());

    @Test
    void aValidOrderComesBackWithOneCanonicalLinePerCode() {
        var outcome = validation.validate(order("ORD-1", "Example", List.of(
                line("channels", 4), line("PBX6#15", 1), line("Channels", 2), line("pbx-voicemail#15", 1))));

        assertThat(outcome).isInstanceOfSatisfying(OrderValidation.Valid.class, valid ->
                assertThat(valid.lines()).extracting(LicenseLine::getLicenseCode, LicenseLine::getQuantity)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("PBX6#15", 1),
                                org.assertj.core.groups.Tuple.tuple("PBX-Voicemail#15", 1),
                                org.assertj.core.groups.Tuple.tuple("Channels", 6)));
    }

    @Test
    void everyProblemOfAnOrderIsReportedAtOnce() {
        var outcome = validation.validate(order(" ", "", List.of(
                line("PBX7#15", 1), line("PBX6#17", 1), line("BRI", 0), line("AB", -2))));

        assertThat(reasons(outcome)).containsExactlyInAnyOrder("ORDER_NUMBER_MISSING", "CUSTOMER_MISSING",
                "MALFORMED_LICENSE_CODE", "LICENSE_SIZE_NOT_SOLD", "QUANTITY_NOT_POSITIVE", "QUANTITY_NOT_POSITIVE");
        assertThat(((OrderValidation.Invalid) outcome).rejections())
                .filteredOn(r -> r.getReason().equals("MALFORMED_LICENSE_CODE"))
                .singleElement().satisfies(r -> {
                    assertThat(r.getSubject()).isEqualTo("PBX7#15");
                    assertThat(r.getMessage()).contains("PBX7#15");
                });
    }

    @Test
    void anOrderWithoutLinesIsRejected() {
        assertThat(reasons(validation.validate(order("ORD-2", "Example", List.of())))).containsExactly("NO_LICENSES");
    }

    @Test
    void anUpgradeBetweenSizesOnSaleIsAccepted() {
        assertThat(validation.validate(order("ORD-3", "Example", List.of(line("PBX6#30@15", 2)))))
                .isInstanceOf(OrderValidation.Valid.class);
        assertThat(reasons(validation.validate(order("ORD-4", "Example", List.of(line("PBX6#31@15", 1))))))
                .containsExactly("LICENSE_SIZE_NOT_SOLD");
    }

    private static List<String> reasons(OrderValidation.Outcome outcome) {
        assertThat(outcome).isInstanceOf(OrderValidation.Invalid.class);
        return ((OrderValidation.Invalid) outcome).rejections().stream().map(Rejection::getReason).toList();
    }

    private static OrderFulfilled order(String number, String customer, List<LicenseLine> lines) {
        return new OrderFulfilled(number, null, new Customer(customer, null), lines, Instant.now());
    }

    private static LicenseLine line(String code, int quantity) {
        return new LicenseLine(code, quantity);
    }
}
