package com.licensemanager.requests;

import com.licensemanager.platform.LicensingProperties;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import org.apache.kafka.common.utils.Utils;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 item 8, the last kind of hostile but decodable input: 10,000 requests from one account, sent at once.
 * Each is answered once, another account is answered meanwhile, and the service goes on answering afterwards.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class RequestBurstIntegrationTest {

    private static final int BURST = 10_000;

    @Autowired
    DSLContext db;
    @Autowired
    LicensingProperties licensing;

    @Test
    void tenThousandRequestsOfOneAccountAtOnceAreEachAnsweredOnceWhileAnotherAccountIsAnswered() {
        LicensingPortal portal = new LicensingPortal(db);
        String flooding = portal.registerNewAccount();
        // Another account on another partition: behind the burst on the same partition it would wait by design
        // (Kafka's order per partition), which is not what one account must not do to the others.
        String other = accountOnAnotherPartitionThan(flooding);
        portal.register(other);
        String neverShipped = portal.newMac();
        List<LicenseRequest> burst = IntStream.range(0, BURST)
                .mapToObj(i -> LicensingPortal.request(flooding, new QuoteAssignment(neverShipped, null))).toList();

        long sent = System.nanoTime();
        portal.kafka.publishAll(Topics.LICENSE_REQUESTS, burst.stream()
                .map(request -> Map.entry(request.getActingAccount(), request)).toList());
        Answer othersAnswer = portal.call(other, new QuoteAssignment(neverShipped, null));
        long othersMillis = (System.nanoTime() - sent) / 1_000_000;
        long burstAnsweredMeanwhile = burst.stream().filter(request -> !portal.answers(request.getRequestId()).isEmpty())
                .count();

        othersAnswer.assertRejected("NOT_PERMITTED");
        await("every request of the burst answered").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> burst.stream().allMatch(request -> !portal.answers(request.getRequestId()).isEmpty()));
        long burstMillis = (System.nanoTime() - sent) / 1_000_000;
        System.out.printf("burst of %d requests: all answered in %d ms; another account answered after %d ms, when "
                + "%d of the burst were%n", BURST, burstMillis, othersMillis, burstAnsweredMeanwhile);
        assertThat(burstAnsweredMeanwhile).as("the other account was answered while the burst was worked through")
                .isLessThan(BURST);

        // The service stays up: a request after the burst is answered, and the burst was answered once each, as
        // every request of the kind is.
        portal.call(other, new QuoteAssignment(neverShipped, null)).assertRejected("NOT_PERMITTED");
        assertThat(burst).allSatisfy(request -> assertThat(portal.answers(request.getRequestId()))
                .singleElement().satisfies(answer -> answer.assertRejected("NOT_PERMITTED")));
    }

    private String accountOnAnotherPartitionThan(String account) {
        int partitions = licensing.topics().partitions();
        while (true) {
            String candidate = LicensingPortal.newAccountId();
            if (partitionOf(candidate, partitions) != partitionOf(account, partitions)) {
                return candidate;
            }
        }
    }

    /** The producer's default partitioner for a keyed record. */
    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
