package com.licensemanager.unitregister;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.catalogue.ProductModel;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.platform.kafka.BatchHandler;
import com.licensemanager.platform.kafka.MessageBatch;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.UnitShipmentRejected;
import com.licensemanager.schemas.warehouse.UnitShipped;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.state.history.Cause;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.publication.StatePublication;
import com.licensemanager.state.publication.StatePublication.ChangedStates;
import com.licensemanager.state.units.Units;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Learns from the warehouse which unit (MAC) is of which model, so that the licensing rules can later tell what
 * that unit may hold. A unit shipped twice is registered once; a shipment that contradicts what is known is
 * refused and reported, never overwritten.
 *
 * <p>A newly registered unit's state (shipped: status OK, no owner, no licenses) is published on
 * {@code licensing.units.v1}: that is how the warehouse learns its shipment was taken and the portal that the unit
 * can now be licensed, without asking for a quote to find out.
 */
class UnitRegister implements BatchHandler<UnitShipped> {

    /** Stable reason codes of {@code UnitShipmentRejected}; a malformed MAC is reported as {@code MAC_<reason>}. */
    enum Reason {
        UNKNOWN_MODEL, MODEL_CONFLICT
    }

    private static final Logger log = LoggerFactory.getLogger(UnitRegister.class);

    private final Units units;
    private final ProductCatalogue catalogue;
    private final StatePublication states;
    private final Clock clock;

    UnitRegister(Units units, ProductCatalogue catalogue, StatePublication states, Clock clock) {
        this.units = units;
        this.catalogue = catalogue;
        this.states = states;
        this.clock = clock;
    }

    /** The new states of the units the batch changed are published once, when it flushes. */
    @Override
    public MessageBatch<UnitShipped> openBatch(List<InboundMessage<UnitShipped>> messages) {
        ChangedStates changed = states.forBatch();
        return MessageBatch.of((message, events) -> register(message, events, changed), changed::publish);
    }

    private void register(InboundMessage<UnitShipped> message, OutgoingEvents events, ChangedStates changed) {
        UnitShipped shipment = message.payload();
        List<Rejection> rejections = new ArrayList<>();
        MacAddress mac = null;
        try {
            mac = MacAddress.parse(shipment.getMac());
        } catch (MalformedMacAddressException e) {
            rejections.add(new Rejection("MAC_" + e.reason().name(), shipment.getMac(), e.getMessage()));
        }
        // The catalogue spells the model as the unit table stores it; the warehouse may not (IP811 vs ip811).
        Optional<String> model = catalogue.find(shipment.getModel()).map(ProductModel::name);
        if (model.isEmpty()) {
            rejections.add(new Rejection(Reason.UNKNOWN_MODEL.name(), shipment.getModel(),
                    "model " + shipment.getModel() + " is not in the product catalogue"));
        }
        if (rejections.isEmpty()) {
            if (units.registerIfNew(mac.toString(), model.get(), shipment.getOrderNumber(), shipment.getShippedAt())) {
                log.info("registered unit {} ({})", mac, model.get());
                // The warehouse is another team: no account caused it, the shipment's message id names it.
                Changes changes = new Changes(new Cause(null, message.envelope().id()));
                changes.unit(mac.toString());
                changes.record(SubjectChange.ofUnit(mac.toString(), HistoryChange.SHIPPED, shipment.getOrderNumber(),
                        LicenseBundle.empty(), null));
                changed.add(changes, events);
                return;
            }
            String known = units.modelOf(mac.toString()).orElseThrow();
            if (known.equals(model.get())) {
                // Its state was published when it was registered and stays on the compacted topic.
                log.info("unit {} ({}) was registered before; nothing to do", mac, known);
                return;
            }
            rejections.add(new Rejection(Reason.MODEL_CONFLICT.name(), mac.toString(),
                    "unit " + mac + " is registered as " + known + ", not " + model.get()));
        }
        log.warn("shipment of unit {} rejected: {}", shipment.getMac(), rejections.stream().map(Rejection::getReason).toList());
        events.publish(Topics.SHIPMENT_REJECTIONS, shipment.getMac(),
                new UnitShipmentRejected(shipment.getMac(), shipment.getModel(), rejections, clock.instant()));
    }
}
