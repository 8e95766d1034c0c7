package com.licensemanager.app;

import com.licensemanager.localstack.Endpoints;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRunTest {

    @Test
    void eachEndpointIsALineOfItsOwnEndingInTheWholeValue() {
        Endpoints endpoints = new Endpoints("localhost:41234", "http://127.0.0.1:8081/", "jdbc:postgresql://localhost:5433/licensing",
                "licensing", "secret");

        assertThat(LocalRun.endpointLines(endpoints)).containsExactly(
                "Kafka bootstrap servers: localhost:41234",
                "Schema registry, Confluent-compatible API: http://127.0.0.1:8081/apis/ccompat/v7",
                "Schema registry, Apicurio API v3: http://127.0.0.1:8081/apis/registry/v3",
                "PostgreSQL JDBC URL: jdbc:postgresql://localhost:5433/licensing?user=licensing");
        assertThat(String.join("\n", LocalRun.endpointLines(endpoints))).doesNotContain("secret");
    }
}
