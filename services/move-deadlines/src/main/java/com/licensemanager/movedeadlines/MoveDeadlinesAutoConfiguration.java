package com.licensemanager.movedeadlines;

import com.licensemanager.platform.LicensingProperties;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.state.LicensingStateAutoConfiguration;
import com.licensemanager.state.moves.Moves;
import com.licensemanager.state.publication.StatePublication;
import com.licensemanager.state.units.Units;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.InetAddress;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;

/** The move-deadline timer worker (deadlines and their reminders); switched off with {@code licensing.move-deadlines.enabled=false}. */
@AutoConfiguration(after = LicensingStateAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.move-deadlines.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MoveDeadlinesProperties.class)
public class MoveDeadlinesAutoConfiguration {

    @Bean
    MoveDeadlineWorker moveDeadlineWorker(DataSource dataSource, DSLContext db, Moves moves, Units units,
                                          StatePublication states, Outbox outbox,
                                          TransactionTemplate transactions, Clock clock, LicensingProperties licensing,
                                          MoveDeadlinesProperties settings) {
        MoveCharging charging = new MoveCharging(moves, units, states, outbox, transactions, clock,
                licensing.serviceName());
        MoveReminding reminding = new MoveReminding(db, moves, outbox, transactions, clock, licensing.serviceName());
        return new MoveDeadlineWorker(dataSource, charging, reminding, clock, settings.pollingInterval(),
                workerName(licensing));
    }

    private static String workerName(LicensingProperties licensing) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return licensing.serviceName() + "@" + host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
