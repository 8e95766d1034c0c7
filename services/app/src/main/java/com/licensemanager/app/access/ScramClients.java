package com.licensemanager.app.access;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import java.util.Map;

/** Client settings to authenticate to the broker of docker-compose.yml as one of its SCRAM users. */
public final class ScramClients {

    public static final String MECHANISM = "SCRAM-SHA-512";

    private ScramClients() {
    }

    public static Map<String, Object> properties(String bootstrapServers, String user, String password) {
        if (password.contains("\"") || password.contains("\\")) {
            // the JAAS line quotes the password; Kafka's parser has no escape for these
            throw new IllegalArgumentException("a Kafka password must not contain '\"' or '\\'");
        }
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + user + "\" password=\"" + password + "\";");
    }
}
