package com.licensemanager.testsupport;

import com.licensemanager.platform.registry.ContractRegistration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the real test infrastructure: adds {@link TestInfrastructure#springProperties()}
 * as the highest-precedence property source.
 *
 * <pre>{@code
 * @SpringBootTest
 * @ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
 * class OrderFulfilmentIT { ... }
 * }</pre>
 */
public class LicensingTestInfrastructureInitializer
        implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String PROPERTY_SOURCE_NAME = "licensingTestInfrastructure";

    /** Once per test JVM, as the deployment does once: the services under test never register a schema. */
    private static final AtomicBoolean contractRegistered = new AtomicBoolean();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        synchronized (contractRegistered) {
            if (!contractRegistered.get()) {
                new ContractRegistration(infrastructure.schemaRegistryCcompatUrl()).registerAll();
                contractRegistered.set(true);
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>(properties(infrastructure));
        // As the deployable: fail fast while the database is down, so the consumer's back-off paces the retries.
        properties.putIfAbsent("spring.datasource.hikari.connection-timeout", "3000");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
    }

    /**
     * The properties to add; override to adjust them, e.g. a database of the test class's own:
     * <pre>{@code
     * var properties = new LinkedHashMap<>(super.properties(infrastructure));
     * properties.put("spring.datasource.url", infrastructure.createDatabase("order_fulfilment_it"));
     * return properties;
     * }</pre>
     */
    protected Map<String, String> properties(TestInfrastructure infrastructure) {
        return infrastructure.springProperties();
    }
}
