package com.licensemanager.platform.inbox;

import com.licensemanager.platform.PlatformDatabase;
import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.messaging.InboundMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inbox on a real PostgreSQL: the guard that makes a redelivered message change nothing. */
class InboxTest {

    private static final String TOPIC = "portal.license-requests.v1";

    @RegisterExtension
    static final PlatformDatabase database = new PlatformDatabase();

    private Inbox inbox;
    private TransactionTemplate transactions;

    @BeforeEach
    void inboxOfTheDatabase() {
        inbox = new Inbox(database.db());
        transactions = database.transactions();
    }

    @Test
    void onlyFirstDeliveriesAreAnsweredInTheirOrder() {
        inTransaction(() -> inbox.recordFirstDeliveries("license-requests", List.of(request(1, "r-1"),
                request(2, "r-2"))));

        List<InboundMessage<?>> first = inTransaction(() -> inbox.recordFirstDeliveries("license-requests",
                List.of(request(3, "r-3"), request(1, "r-1"), request(4, "r-4"), request(2, "r-2"))));

        assertThat(ids(first)).containsExactly("r-3", "r-4");
    }

    @Test
    void aMessageIdTwiceInOneBatchCountsOnceAtItsFirstOccurrence() {
        InboundMessage<String> original = request(1, "r-1");
        InboundMessage<String> republished = request(7, "r-1");

        List<InboundMessage<?>> first = inTransaction(() -> inbox.recordFirstDeliveries("license-requests",
                List.of(original, request(2, "r-2"), republished)));

        assertThat(ids(first)).containsExactly("r-1", "r-2");
        assertThat(first.getFirst()).isSameAs(original);
    }

    @Test
    void eachConsumerHasItsOwnRecordOfWhatItHandled() {
        inTransaction(() -> inbox.recordFirstDeliveries("license-requests", List.of(request(1, "r-1"))));

        // Another consumer of the same topic has not handled the message yet: for it, this is the first delivery.
        List<InboundMessage<?>> first = inTransaction(() -> inbox.recordFirstDeliveries("move-deadlines",
                List.of(request(1, "r-1"))));
        List<InboundMessage<?>> again = inTransaction(() -> inbox.recordFirstDeliveries("license-requests",
                List.of(request(1, "r-1"))));

        assertThat(ids(first)).containsExactly("r-1");
        assertThat(again).isEmpty();
        assertThat(inTransaction(() -> inbox.recordFirstDelivery("rma-notifications", request(1, "r-1")))).isTrue();
        assertThat(inTransaction(() -> inbox.recordFirstDelivery("rma-notifications", request(1, "r-1")))).isFalse();
    }

    @Test
    void aDeliveryRecordedInARolledBackTransactionIsStillAFirstDelivery() {
        // The message's effects failed and rolled back: it must be handled again when it is redelivered.
        transactions.executeWithoutResult(status -> {
            inbox.recordFirstDeliveries("license-requests", List.of(request(1, "r-1")));
            status.setRollbackOnly();
        });

        List<InboundMessage<?>> first = inTransaction(() -> inbox.recordFirstDeliveries("license-requests",
                List.of(request(1, "r-1"))));

        assertThat(ids(first)).containsExactly("r-1");
    }

    @Test
    void theInboxIsWrittenOnlyInTheTransactionOfTheMessagesEffects() {
        // Recorded outside a transaction, the id would commit even when the effects do not: the message would be lost.
        assertThatThrownBy(() -> inbox.recordFirstDeliveries("license-requests", List.of(request(1, "r-1"))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> inbox.recordFirstDelivery("license-requests", request(1, "r-1")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ids(inTransaction(() -> inbox.recordFirstDeliveries("license-requests",
                List.of(request(1, "r-1")))))).containsExactly("r-1");
    }

    private static InboundMessage<String> request(long offset, String messageId) {
        return new InboundMessage<>(TOPIC, 0, offset, "account-1", "request " + messageId,
                new Envelope(messageId, "com.licensemanager.schemas.portal.LicenseRequest", "portal", null, messageId,
                        null));
    }

    private <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    private static List<String> ids(List<InboundMessage<?>> messages) {
        return messages.stream().map(message -> message.envelope().id()).toList();
    }
}
