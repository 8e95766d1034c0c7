package com.licensemanager.rma;

import com.licensemanager.moves.Moves;
import com.licensemanager.platform.kafka.IdempotentConsumers;
import com.licensemanager.platform.timers.DurableTimers;
import com.licensemanager.requests.LicenseRequestsAutoConfiguration;
import com.licensemanager.requests.StatePublication;
import com.licensemanager.schemas.repair.RmaNotification;
import com.licensemanager.units.Units;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/** The repair desk's consumer; switched off with {@code licensing.rma.enabled=false}. */
@AutoConfiguration(after = LicenseRequestsAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.rma.enabled", havingValue = "true", matchIfMissing = true)
public class RmaNotificationsAutoConfiguration {

    @Bean
    RmaNotificationListener rmaNotificationListener(Units units, Moves moves, DurableTimers timers,
                                                    StatePublication states, IdempotentConsumers consumers,
                                                    Clock clock) {
        return new RmaNotificationListener(consumers.create(RmaNotificationListener.CONSUMER, RmaNotification.class,
                new RmaNotifications(units, moves, timers, states, clock)));
    }
}
