package com.licensemanager.app;

import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployable starts with its real configuration against a real broker, registry and database, and says so. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class LicenseManagerApplicationTest {

    @LocalServerPort
    int port;

    @Test
    void reportsItselfHealthyWithDatabaseBrokerAndRegistry() throws Exception {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"")
                .contains("\"db\":{\"status\":\"UP\"")
                .contains("\"kafka\":{\"status\":\"UP\"")
                .contains("\"schemaRegistry\":{\"status\":\"UP\"");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void exportsTheOperationalMetricsForPrometheus() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("licensing_outbox_depth", "licensing_outbox_oldest_age_seconds",
                "licensing_timers_due", "licensing_dead_letters_total", "licensing_deliveries_failed_total",
                "licensing_consumer_batch_seconds");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
