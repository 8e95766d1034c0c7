package com.licensemanager.requests;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.ContextConfiguration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two members of one group spend the group's balance from two partitions of {@code portal.license-requests.v1} at
 * the same moment (the test application runs several consumer threads): the balance must never be overspent, and
 * every request is answered.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class ConcurrentGroupBalanceIntegrationTest {

    private static final int BALANCE = 20;
    private static final int ASSIGNS_PER_MEMBER = 30;

    @Autowired
    DSLContext db;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void twoMembersAssigningAtOnceFromDifferentPartitionsNeverOverspendTheGroupsBalance() throws Exception {
        LicensingPortal portal = new LicensingPortal(db);
        int partitions = LicensingPortal.partitionCount(Topics.LICENSE_REQUESTS);
        String first = LicensingPortal.newAccountId();
        String second = accountOnAnotherConsumer(first, partitions);
        int firstPartition = LicensingPortal.partitionOf(first, partitions);
        int secondPartition = LicensingPortal.partitionOf(second, partitions);
        assertThat(secondPartition).isNotEqualTo(firstPartition);
        Map<Integer, String> consumers = consumersByPartition();
        System.out.printf("members on partitions %d (consumer %s) and %d (consumer %s)%n", firstPartition,
                consumers.get(firstPartition), secondPartition, consumers.get(secondPartition));

        String group = portal.createGroup();
        portal.register(first);
        portal.register(second);
        portal.addToGroup(group, first);
        portal.addToGroup(group, second);
        assertThat(portal.redeem(first, portal.issueKey(line("Channels", BALANCE)).getActivationKey())
                .getBalanceOwner()).isEqualTo(group);
        List<String> macs = portal.ship("IP811", 2 * ASSIGNS_PER_MEMBER);

        List<LicenseRequest> firstRequests = assigns(first, macs.subList(0, ASSIGNS_PER_MEMBER));
        List<LicenseRequest> secondRequests = assigns(second, macs.subList(ASSIGNS_PER_MEMBER, macs.size()));
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> firstSends = CompletableFuture.runAsync(() -> sendAll(portal, start, firstRequests));
        CompletableFuture<Void> secondSends = CompletableFuture.runAsync(() -> sendAll(portal, start, secondRequests));
        start.countDown();
        CompletableFuture.allOf(firstSends, secondSends).get(2, TimeUnit.MINUTES);

        List<Answer> answers = new ArrayList<>();
        for (LicenseRequest request : concat(firstRequests, secondRequests)) {
            answers.add(portal.awaitAnswer(request.getRequestId()));
        }
        List<Answer> accepted = answers.stream().filter(Answer::accepted).toList();
        List<Answer> rejected = answers.stream().filter(a -> !a.accepted()).toList();
        assertThat(accepted).hasSize(BALANCE);
        assertThat(rejected).hasSize(2 * ASSIGNS_PER_MEMBER - BALANCE)
                .allSatisfy(answer -> assertThat(answer.reasons()).containsExactly("INSUFFICIENT_BALANCE"));
        assertThat(accepted).extracting(a -> a.outcome(LicensesAssigned.class).getMac()).doesNotHaveDuplicates();

        BalanceState balance = portal.awaitBalance(group,
                s -> LicensingPortal.lineOf(s, "Channels").getUsed() == BALANCE);
        assertThat(figures(balance.getLines())).isEqualTo(Map.of("Channels", List.of(BALANCE, BALANCE, 0, 0)));
        assertThat(balance.getMembers()).containsExactlyInAnyOrder(first, second);
        for (Answer answer : accepted) {
            String mac = answer.outcome(LicensesAssigned.class).getMac();
            assertThat(portal.awaitUnit(mac, s -> s.getOwner() != null).getOwner()).isEqualTo(group);
        }
        // States are published once per transaction (a batch of assigns yields one), so count at least the one after
        // the redemption and one after the assigns: enough for the check below to have looked at something.
        assertThat(portal.topics.balanceStateCount(group)).isGreaterThanOrEqualTo(2);
        assertThat(portal.topics.balanceViolations(group)).isEmpty();
    }

    private static List<LicenseRequest> assigns(String account, List<String> macs) {
        return macs.stream().map(mac -> LicensingPortal.request(account,
                new AssignLicenses(mac, null, List.of(line("Channels", 1)), null, null, null, null))).toList();
    }

    private static void sendAll(LicensingPortal portal, CountDownLatch start, List<LicenseRequest> requests) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        requests.forEach(portal::send);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * An account id whose requests go to another partition than {@code first}'s, and preferably to a partition
     * another consumer thread of the request listener reads.
     */
    private String accountOnAnotherConsumer(String first, int partitions) {
        int firstPartition = LicensingPortal.partitionOf(first, partitions);
        Map<Integer, String> consumerOf = consumersByPartition();
        for (int tries = 0; tries < 10_000; tries++) {
            String candidate = LicensingPortal.newAccountId();
            int partition = LicensingPortal.partitionOf(candidate, partitions);
            boolean otherConsumer = consumerOf.containsKey(partition) && consumerOf.containsKey(firstPartition)
                    ? !consumerOf.get(partition).equals(consumerOf.get(firstPartition))
                    : partition / 2 != firstPartition / 2;
            if (partition != firstPartition && (otherConsumer || tries > 1_000)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no account id on another partition");
    }

    private Map<Integer, String> consumersByPartition() {
        Map<Integer, String> consumerOf = new HashMap<>();
        MessageListenerContainer container = listeners.getListenerContainer(LicenseRequestsAutoConfiguration.LICENSE_REQUESTS_CONSUMER);
        Map<String, Collection<TopicPartition>> assignments = container == null ? null
                : container.getAssignmentsByClientId();
        if (assignments != null) {
            assignments.forEach((client, assigned) -> assigned.stream()
                    .filter(tp -> tp.topic().equals(Topics.LICENSE_REQUESTS))
                    .forEach(tp -> consumerOf.put(tp.partition(), client)));
        }
        return consumerOf;
    }
}
