package com.licensemanager.fulfilment;

import com.licensemanager.platform.kafka.MessageHandler;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.OrderRejected;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.state.keys.ActivationKeys;
import com.licensemanager.state.keys.IssuedActivationKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Turns a fulfilled order into exactly one activation key holding all of the order's licenses, or into a rejection
 * with every reason and no key at all.
 */
class OrderFulfilment implements MessageHandler<OrderFulfilled> {

    private static final Logger log = LoggerFactory.getLogger(OrderFulfilment.class);

    private final ActivationKeys keys;
    private final ActivationKeyFactory keyFactory;
    private final OrderValidation validation;
    private final Clock clock;

    OrderFulfilment(ActivationKeys keys, ActivationKeyFactory keyFactory, OrderValidation validation,
                    Clock clock) {
        this.keys = keys;
        this.keyFactory = keyFactory;
        this.validation = validation;
        this.clock = clock;
    }

    @Override
    public void handle(InboundMessage<OrderFulfilled> message, OutgoingEvents events) {
        OrderFulfilled order = message.payload();
        switch (validation.validate(order)) {
            case OrderValidation.Invalid invalid -> reject(order, invalid.rejections(), events);
            case OrderValidation.Valid valid -> {
                OrderFulfilled canonical = OrderFulfilled.newBuilder(order).setLines(valid.lines()).build();
                String fingerprint = OrderFingerprint.of(canonical);
                var existing = keys.findByOrderNumber(order.getOrderNumber());
                if (existing.isPresent()) {
                    announceAgainOrRefuseCorrection(existing.get(), fingerprint, events);
                } else {
                    issue(canonical, fingerprint, events);
                }
            }
        }
    }

    private void issue(OrderFulfilled order, String fingerprint, OutgoingEvents events) {
        ActivationKeyFactory.NewKey newKey = keyFactory.newKey();
        IssuedActivationKey key = new IssuedActivationKey(newKey.text(), newKey.scanPayload(),
                order.getOrderNumber(), fingerprint, order.getCustomerReference(), order.getCustomer().getName(),
                order.getCustomer().getAccountId(), order.getLines(), clock.instant());
        if (!keys.insertOrderKey(key)) {
            // Another delivery of this order committed first; failing here makes the retry announce that key.
            throw new IllegalStateException("order " + order.getOrderNumber() + " was issued concurrently");
        }
        log.info("issued activation key for order {} with {} license lines", key.orderNumber(), key.licenses().size());
        events.publish(KeyAnnouncement.id(key), Topics.ACTIVATION_KEYS, key.orderNumber(), KeyAnnouncement.of(key));
    }

    /** The order number already has a key: a retry is answered with the same announcement, a correction refused. */
    private void announceAgainOrRefuseCorrection(IssuedActivationKey key, String fingerprint, OutgoingEvents events) {
        if (key.orderFingerprint().equals(fingerprint)) {
            log.info("order {} was already issued; announcing its activation key again", key.orderNumber());
            events.publish(KeyAnnouncement.id(key), Topics.ACTIVATION_KEYS, key.orderNumber(), KeyAnnouncement.of(key));
            return;
        }
        reject(key.orderNumber(), List.of(OrderValidation.rejection(OrderValidation.Reason.ORDER_ALREADY_ISSUED,
                key.orderNumber(), "an activation key was already issued for order " + key.orderNumber()
                        + " with other content; corrections are not merged, order the difference separately")),
                events);
    }

    private void reject(OrderFulfilled order, List<Rejection> rejections, OutgoingEvents events) {
        reject(Objects.requireNonNullElse(order.getOrderNumber(), ""), rejections, events);
    }

    private void reject(String orderNumber, List<Rejection> rejections, OutgoingEvents events) {
        log.warn("order {} rejected: {}", orderNumber,
                rejections.stream().map(Rejection::getReason).toList());
        events.publish(Topics.ORDER_REJECTIONS, orderNumber,
                new OrderRejected(orderNumber, rejections, clock.instant()));
    }
}
