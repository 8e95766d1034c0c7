package com.licensemanager.fulfilment;

import com.licensemanager.platform.kafka.MessageHandler;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a fulfilled order into exactly one activation key holding all of the order's licenses. */
class OrderFulfilment implements MessageHandler<OrderFulfilled> {

    private static final Logger log = LoggerFactory.getLogger(OrderFulfilment.class);

    private final ActivationKeyRepository keys;
    private final ActivationKeyFactory keyFactory;
    private final Clock clock;

    OrderFulfilment(ActivationKeyRepository keys, ActivationKeyFactory keyFactory, Clock clock) {
        this.keys = keys;
        this.keyFactory = keyFactory;
        this.clock = clock;
    }

    @Override
    public void handle(InboundMessage<OrderFulfilled> message, OutgoingEvents events) {
        OrderFulfilled order = message.payload();
        String fingerprint = OrderFingerprint.of(order);
        var existing = keys.findByOrderNumber(order.getOrderNumber());
        if (existing.isPresent()) {
            announceAgain(existing.get(), fingerprint, events);
            return;
        }
        ActivationKeyFactory.NewKey newKey = keyFactory.newKey();
        IssuedActivationKey key = new IssuedActivationKey(newKey.text(), newKey.scanPayload(),
                order.getOrderNumber(), fingerprint, order.getCustomerReference(), order.getCustomer().getName(),
                order.getCustomer().getAccountId(), mergedLines(order.getLines()), clock.instant());
        if (!keys.insert(key)) {
            // Another delivery of this order committed first; the unique order number kept us from a second key.
            throw new IllegalStateException("order " + order.getOrderNumber() + " was issued concurrently");
        }
        log.info("issued activation key for order {} with {} license lines", key.orderNumber(), key.licenses().size());
        events.publish(key.announcementId(), Topics.ACTIVATION_KEYS, key.orderNumber(), key.announcement());
    }

    /** The ordering system re-sent an order we already issued: repeat the same announcement, issue nothing new. */
    private void announceAgain(IssuedActivationKey key, String fingerprint, OutgoingEvents events) {
        if (key.orderFingerprint().equals(fingerprint)) {
            log.info("order {} was already issued; announcing its activation key again", key.orderNumber());
            events.publish(key.announcementId(), Topics.ACTIVATION_KEYS, key.orderNumber(), key.announcement());
        } else {
            log.warn("order {} was already issued with other content; the correction is not applied",
                    key.orderNumber());
        }
    }

    /** One line per license code, in code order, so the key's licenses read the same however the order listed them. */
    private static List<LicenseLine> mergedLines(List<LicenseLine> lines) {
        Map<String, Integer> quantities = new TreeMap<>();
        for (LicenseLine line : lines) {
            quantities.merge(line.getLicenseCode(), line.getQuantity(), Integer::sum);
        }
        return quantities.entrySet().stream().map(e -> new LicenseLine(e.getKey(), e.getValue())).toList();
    }
}
