package com.licensemanager.movedeadlines;

import com.licensemanager.testsupport.SettableClock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.time.Instant;

/** Every consumer plus the timer worker, on a clock the tests move: deadlines pass when a test says so. */
@SpringBootApplication
public class MovesTestApplication {

    @Bean
    SettableClock clock() {
        return new SettableClock(Instant.now());
    }
}
