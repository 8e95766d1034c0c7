package com.licensemanager.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(classes = LicensingTestInfrastructureInitializerTest.Empty.class,
        initializers = LicensingTestInfrastructureInitializer.class)
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=somewhere-else:9092")
class LicensingTestInfrastructureInitializerTest {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @Autowired
    private Environment environment;

    @Test
    void theRealEndpointsWinOverEveryOtherPropertySource() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(infrastructure.kafkaBootstrapServers());
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(infrastructure.jdbcUrl());
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo(infrastructure.jdbcUsername());
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo(infrastructure.jdbcPassword());
        assertThat(environment.getProperty("licensing.schema-registry.url")).isEqualTo(infrastructure.schemaRegistryUrl());
    }
}
