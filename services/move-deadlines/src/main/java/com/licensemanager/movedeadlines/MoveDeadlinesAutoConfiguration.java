package com.licensemanager.movedeadlines;

import com.licensemanager.moves.Moves;
import com.licensemanager.platform.LicensingProperties;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.requests.LicenseRequestsAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** The move-deadline timer worker; switched off with {@code licensing.move-deadlines.enabled=false}. */
@AutoConfiguration(after = LicenseRequestsAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.move-deadlines.enabled", havingValue = "true", matchIfMissing = true)
public class MoveDeadlinesAutoConfiguration {

    @Bean
    MoveDeadlineWorker moveDeadlineWorker(DataSource dataSource, Moves moves, Outbox outbox,
                                          TransactionTemplate transactions, Clock clock, LicensingProperties licensing,
                                          @Value("${licensing.move-deadlines.polling-interval:10s}") Duration polling) {
        MoveCharging charging = new MoveCharging(moves, outbox, transactions, clock, licensing.serviceName());
        return new MoveDeadlineWorker(dataSource, charging, clock, polling, workerName(licensing));
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
