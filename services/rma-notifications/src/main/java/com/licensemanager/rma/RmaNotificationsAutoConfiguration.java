package com.licensemanager.rma;

import com.licensemanager.platform.kafka.ConsumerDeclaration;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.repair.RmaNotification;
import com.licensemanager.state.LicensingStateAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Units received for repair and returned units close moves; switched off with {@code licensing.rma.enabled=false}. */
@AutoConfiguration(after = LicensingStateAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.rma.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RmaNotificationsProperties.class)
@Import(RmaNotifications.class)
public class RmaNotificationsAutoConfiguration {

    public static final String CONSUMER = "rma-notifications";

    @Bean
    ConsumerDeclaration<RmaNotification> rmaNotificationsConsumer(RmaNotifications notifications,
                                                                  RmaNotificationsProperties settings) {
        return new ConsumerDeclaration<>(CONSUMER, Topics.RMA_NOTIFICATIONS, RmaNotification.class, notifications,
                settings);
    }
}
