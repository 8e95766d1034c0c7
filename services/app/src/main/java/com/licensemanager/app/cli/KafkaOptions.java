package com.licensemanager.app.cli;

import com.licensemanager.app.access.KafkaAccessSetup;
import com.licensemanager.app.access.ScramClients;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * The broker and the login of a re-drive. With {@code --user}, the SCRAM login of docker-compose.yml's broker, its
 * password taken like the kafka-access step takes it ({@code KAFKA_PASSWORD_<USER>} or
 * {@code <KAFKA_PASSWORD_DIR>/<user>}), never from the command line.
 */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS", description = "default: $SPRING_KAFKA_BOOTSTRAP_SERVERS, else ${DEFAULT-VALUE}",
            defaultValue = "${env:SPRING_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}")
    String bootstrapServers;

    @Option(names = "--user", paramLabel = "USER", description = "SCRAM user (password from KAFKA_PASSWORD_<USER> or KAFKA_PASSWORD_DIR); without it, no login")
    String user;

    Map<String, Object> connection() {
        if (user == null) {
            return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        return ScramClients.properties(bootstrapServers, user,
                KafkaAccessSetup.required(KafkaAccessSetup.fromEnvironmentOrFiles(System.getenv()), user));
    }
}
