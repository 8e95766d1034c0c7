package com.licensemanager.platform.messaging;

import io.apicurio.registry.client.common.DefaultVertxInstance;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.client.common.RegistryClientRequestAdapterFactory;
import io.apicurio.registry.client.common.Version;
import io.apicurio.registry.resolver.SchemaResolver;
import io.apicurio.registry.resolver.client.RegistryClientFacadeImpl;
import io.apicurio.registry.rest.client.RegistryClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Registry clients that give up on a registry that accepts a call and never answers.
 *
 * <p>The registry's serde sets no time limit on its HTTP calls (Apicurio 3.1.7: the Vert.x client with its
 * defaults, the JDK one with a connect timeout only): a stalled registry held a consumer thread inside
 * {@code poll} for as long as it stalled (measured: still waiting after 90 s, issue 16). Here a serde's client is
 * replaced, after the serde configured itself, by one on the same shared Vert.x whose connections close after
 * {@code silence} without a byte; the call then fails like a dropped connection, which is transient, and is
 * retried with the consumer's back-off.
 */
public final class RegistryClients {

    private RegistryClients() {
    }

    /**
     * @param resolver       the schema resolver of a configured serde ({@code serde.getSchemaResolver()})
     * @param registryApiUrl the v3 API URL the serde was configured with
     */
    public static void giveUpAfterSilence(SchemaResolver<?, ?> resolver, String registryApiUrl, Duration silence) {
        WebClientOptions web = new WebClientOptions()
                .setIdleTimeout((int) Math.max(1, silence.toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setConnectTimeout((int) Math.max(1, silence.toMillis()));
        RegistryClientOptions options = RegistryClientOptions.create(registryApiUrl, DefaultVertxInstance.get())
                .customWebClient(WebClient.create(DefaultVertxInstance.get(), web));
        resolver.setClientFacade(new RegistryClientFacadeImpl(
                new RegistryClient(RegistryClientRequestAdapterFactory.createRequestAdapter(options, Version.V3))));
    }
}
