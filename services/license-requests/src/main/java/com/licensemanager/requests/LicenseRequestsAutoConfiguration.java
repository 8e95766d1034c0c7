package com.licensemanager.requests;

import com.licensemanager.platform.kafka.ConsumerDeclaration;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.requests.accounts.AccountRegistration;
import com.licensemanager.requests.admin.AdminCommands;
import com.licensemanager.requests.admin.AdminCommandsProperties;
import com.licensemanager.requests.keys.KeyRedemption;
import com.licensemanager.requests.keys.RedemptionFailureRetention;
import com.licensemanager.requests.keys.TransferKeys;
import com.licensemanager.requests.moves.LicenseMoves;
import com.licensemanager.requests.moves.MoveProperties;
import com.licensemanager.requests.results.RequestResults;
import com.licensemanager.requests.units.UnitLicensing;
import com.licensemanager.requests.units.UnitSharing;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.state.LicensingStateAutoConfiguration;
import com.licensemanager.state.keys.ActivationKeys;
import com.licensemanager.state.publication.StatePublication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The portal's license requests ({@code licensing.requests.enabled}) and the vendor staff's admin commands
 * ({@code licensing.admin.enabled}): each a consumer whose handler decides with the decisions of this module on the
 * licensing state, and answers through {@link RequestResults}.
 */
@AutoConfiguration(after = LicensingStateAutoConfiguration.class)
@EnableConfigurationProperties({LicenseRequestsProperties.class, AdminCommandsProperties.class, MoveProperties.class})
public class LicenseRequestsAutoConfiguration {

    public static final String LICENSE_REQUESTS_CONSUMER = "license-requests";
    public static final String ADMIN_COMMANDS_CONSUMER = "admin-commands";

    @Bean
    RedemptionFailureRetention redemptionFailureRetention(ActivationKeys keys) {
        return new RedemptionFailureRetention(keys);
    }

    @Bean
    RequestResults requestResults(DSLContext db, StatePublication states, ObjectProvider<MeterRegistry> meters) {
        return new RequestResults(db, states, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "licensing.requests.enabled", havingValue = "true", matchIfMissing = true)
    @Import({LicenseRequests.class, AccountRegistration.class, KeyRedemption.class, TransferKeys.class,
            UnitLicensing.class, UnitSharing.class, LicenseMoves.class})
    static class LicenseRequestsConsumer {

        @Bean
        ConsumerDeclaration<LicenseRequest> licenseRequestsConsumer(LicenseRequests requests,
                                                                    LicenseRequestsProperties settings) {
            return new ConsumerDeclaration<>(LICENSE_REQUESTS_CONSUMER, Topics.LICENSE_REQUESTS, LicenseRequest.class,
                    requests, settings);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "licensing.admin.enabled", havingValue = "true", matchIfMissing = true)
    @Import(AdminCommands.class)
    static class AdminCommandsConsumer {

        @Bean
        ConsumerDeclaration<AdminCommand> adminCommandsConsumer(AdminCommands commands,
                                                                AdminCommandsProperties settings) {
            return new ConsumerDeclaration<>(ADMIN_COMMANDS_CONSUMER, Topics.ADMIN_COMMANDS, AdminCommand.class,
                    commands, settings);
        }
    }
}
