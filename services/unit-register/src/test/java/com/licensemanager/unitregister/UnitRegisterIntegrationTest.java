package com.licensemanager.unitregister;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.UnitShipmentRejected;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.schemas.warehouse.UnitShipped;
import com.licensemanager.testsupport.KafkaTestClient;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.TestInfrastructure;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static com.licensemanager.platform.db.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The warehouse's shipments over the real broker, registry and PostgreSQL. */
@SpringBootTest(classes = UnitRegisterTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class UnitRegisterIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final KafkaTestClient kafka = KafkaTestClient.shared();

    @Autowired
    DSLContext db;

    @Test
    void aShippedUnitIsRegisteredAndAcknowledgedOnceWithItsCanonicalMacAndModel() {
        String mac = randomMac();
        kafka.publish(Topics.UNITS_SHIPPED, mac, shipped(mac.toLowerCase(), "ip811"));
        kafka.publish(Topics.UNITS_SHIPPED, mac, shipped(mac, "IP811"));
        String marker = randomMac();
        kafka.publish(Topics.UNITS_SHIPPED, mac, shipped(marker, "IP22"));

        // The marker was sent last on the same partition: once its state is out, both shipments of mac are handled.
        await().atMost(PATIENCE).until(() -> !unitStates(marker).isEmpty());
        assertThat(db.selectFrom(UNIT).where(UNIT.MAC.eq(mac)).fetch()).singleElement()
                .satisfies(unit -> assertThat(unit.getModel()).isEqualTo("IP811"));
        assertThat(rejectionsFor(mac)).isEmpty();
        // Acknowledged once, as shipped and not yet licensed: what the portal needs to offer it for licensing.
        assertThat(unitStates(mac)).singleElement().satisfies(state -> {
            assertThat(state.getMac()).isEqualTo(mac);
            assertThat(state.getDisplayedMac()).isEqualTo(mac);
            assertThat(state.getModel()).isEqualTo("IP811");
            assertThat(state.getStatus()).isEqualTo(UnitStatus.OK);
            assertThat(state.getOwner()).isNull();
            assertThat(state.getLicenses()).isEmpty();
            assertThat(state.getLicenseFile()).isNull();
            assertThat(state.getVersion()).isEqualTo(1);
        });
    }

    @Test
    void aConflictingModelForAKnownMacIsRejectedAndNotOverwritten() {
        String mac = randomMac();
        kafka.publish(Topics.UNITS_SHIPPED, mac, shipped(mac, "IP24"));
        kafka.publish(Topics.UNITS_SHIPPED, mac, shipped(mac, "IP28"));

        assertThat(awaitRejection(mac).getRejections()).extracting(Rejection::getReason)
                .containsExactly("MODEL_CONFLICT");
        assertThat(db.select(UNIT.MODEL).from(UNIT).where(UNIT.MAC.eq(mac)).fetchSingle().value1()).isEqualTo("IP24");
    }

    @Test
    void aMalformedMacAndAnUnknownModelAreBothReported() {
        String sent = "00:90:33:12:34:56";
        kafka.publish(Topics.UNITS_SHIPPED, sent, shipped(sent, "IP9999"));

        assertThat(awaitRejection(sent).getRejections()).extracting(Rejection::getReason)
                .containsExactlyInAnyOrder("MAC_WRONG_SEPARATOR", "UNKNOWN_MODEL");
        assertThat(db.fetchCount(UNIT, UNIT.MAC.eq("00-90-33-12-34-56"))).isZero();
    }

    @Test
    void aForeignVendorPrefixIsRejectedWithItsReason() {
        String sent = "00-11-22-33-44-55";
        kafka.publish(Topics.UNITS_SHIPPED, sent, shipped(sent, "IP22"));

        assertThat(awaitRejection(sent).getRejections()).extracting(Rejection::getReason)
                .containsExactly("MAC_WRONG_VENDOR_PREFIX");
    }

    private List<UnitState> unitStates(String mac) {
        return kafka.readAll(Topics.UNITS).stream().filter(r -> mac.equals(r.key()))
                .map(r -> (UnitState) r.value()).toList();
    }

    private UnitShipmentRejected awaitRejection(String mac) {
        return await().atMost(PATIENCE).until(() -> rejectionsFor(mac), list -> !list.isEmpty()).get(0);
    }

    private List<UnitShipmentRejected> rejectionsFor(String mac) {
        return kafka.readAll(Topics.SHIPMENT_REJECTIONS).stream().filter(r -> mac.equals(r.key()))
                .map(r -> (UnitShipmentRejected) r.value()).toList();
    }

    private static UnitShipped shipped(String mac, String model) {
        return new UnitShipped(mac, model, "ORD-" + mac, Instant.now());
    }

    private static String randomMac() {
        byte[] tail = new byte[3];
        ThreadLocalRandom.current().nextBytes(tail);
        return "00-90-33-" + HexFormat.ofDelimiter("-").withUpperCase().formatHex(tail);
    }
}
