package com.licensemanager.app.operations;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Up when the schema registry answers its system-info endpoint. */
class SchemaRegistryHealthIndicator extends AbstractHealthIndicator {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final URI systemInfo;

    SchemaRegistryHealthIndicator(String registryApiUrl) {
        super("schema registry is not reachable");
        this.systemInfo = URI.create(registryApiUrl + "/system/info");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(systemInfo).timeout(Duration.ofSeconds(3))
                .GET().build(), HttpResponse.BodyHandlers.discarding());
        (response.statusCode() == 200 ? builder.up() : builder.down()).withDetail("status", response.statusCode());
    }
}
