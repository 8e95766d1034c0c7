package com.licensemanager.requests;

import com.licensemanager.accounts.AccountRegistration;
import com.licensemanager.accounts.Accounts;
import com.licensemanager.admin.AdminCommandListener;
import com.licensemanager.admin.AdminCommands;
import com.licensemanager.balances.BalanceStates;
import com.licensemanager.balances.Balances;
import com.licensemanager.keys.ActivationKeys;
import com.licensemanager.keys.KeyRedemption;
import com.licensemanager.keys.RedemptionFailureRetention;
import com.licensemanager.keys.TransferKeys;
import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.moves.LicenseMoves;
import com.licensemanager.moves.Moves;
import com.licensemanager.platform.timers.DurableTimers;
import com.licensemanager.platform.PlatformAutoConfiguration;
import com.licensemanager.platform.kafka.IdempotentConsumers;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.units.LicenseFiles;
import com.licensemanager.units.LicenseSigning;
import com.licensemanager.units.SigningProperties;
import com.licensemanager.units.UnitLicensing;
import com.licensemanager.units.UnitSharing;
import com.licensemanager.units.UnitStates;
import com.licensemanager.units.Units;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.time.Duration;

/**
 * The license-request consumer ({@code licensing.requests.enabled}) and the admin-command consumer
 * ({@code licensing.admin.enabled}), on the state they share: accounts, balances, keys, units and results.
 */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@EnableConfigurationProperties(SigningProperties.class)
public class LicenseRequestsAutoConfiguration {

    @Bean
    Accounts accounts(DSLContext db) {
        return new Accounts(db);
    }

    @Bean
    Balances balances(DSLContext db) {
        return new Balances(db);
    }

    @Bean
    ActivationKeys activationKeys(DSLContext db) {
        return new ActivationKeys(db);
    }

    @Bean
    RedemptionFailureRetention redemptionFailureRetention(DSLContext db) {
        return new RedemptionFailureRetention(db);
    }

    @Bean
    Units units(DSLContext db) {
        return new Units(db);
    }

    @Bean
    Moves moves(DSLContext db) {
        return new Moves(db);
    }

    @Bean
    LicenseSigning licenseSigning(SigningProperties signing) {
        return new LicenseSigning(signing.keyPair());
    }

    @Bean
    LicenseFiles licenseFiles(Units units, LicenseSigning signing, Clock clock) {
        return new LicenseFiles(units, signing, clock);
    }

    @Bean
    StatePublication statePublication(DSLContext db, Balances balances, Accounts accounts, Units units,
                                      LicenseFiles files, Outbox outbox, Clock clock) {
        return new StatePublication(new BalanceStates(db, balances, accounts, clock),
                new UnitStates(db, units, files, clock), outbox, clock);
    }

    @Bean
    RequestResults requestResults(DSLContext db, StatePublication states, ObjectProvider<MeterRegistry> meters) {
        return new RequestResults(db, states, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnProperty(name = "licensing.requests.enabled", havingValue = "true", matchIfMissing = true)
    LicenseRequestListener licenseRequestListener(RequestResults results, Accounts accounts, Balances balances,
                                                  ActivationKeys keys, Units units, UnitRules rules,
                                                  ProductCatalogue catalogue, LicenseFiles files,
                                                  IdempotentConsumers consumers, Clock clock, Moves moves,
                                                  DurableTimers timers,
                                                  @Value("${licensing.moves.deadline:28d}") Duration moveDeadline) {
        LicenseRequests requests = new LicenseRequests(results, accounts, new AccountRegistration(accounts),
                new KeyRedemption(keys, balances, clock), new TransferKeys(keys, balances, clock),
                new UnitLicensing(units, balances, rules, catalogue, files),
                new UnitSharing(units, accounts, files),
                new LicenseMoves(accounts, units, rules, catalogue, files, moves, timers, clock, moveDeadline),
                balances);
        return new LicenseRequestListener(
                consumers.create(LicenseRequestListener.CONSUMER, LicenseRequest.class, requests));
    }

    @Bean
    @ConditionalOnProperty(name = "licensing.admin.enabled", havingValue = "true", matchIfMissing = true)
    AdminCommandListener adminCommandListener(RequestResults results, Accounts accounts, Balances balances,
                                              ActivationKeys keys, Units units, UnitRules rules,
                                              ProductCatalogue catalogue, LicenseFiles files,
                                              IdempotentConsumers consumers) {
        AdminCommands commands = new AdminCommands(results, accounts, balances, keys, units, rules, catalogue, files);
        return new AdminCommandListener(consumers.create(AdminCommandListener.CONSUMER, AdminCommand.class, commands));
    }
}
