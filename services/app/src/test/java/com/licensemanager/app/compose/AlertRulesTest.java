package com.licensemanager.app.compose;

import com.licensemanager.app.Repository;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules compose's Prometheus loads (ops/prometheus/alerts.yml): Debian's {@code promtool} (package
 * {@code prometheus}) parses them and the configuration that loads them, and runs their unit tests
 * (alerts-test.yml: each alert fires on its situation, not before). Every metric they name is exported: the
 * service's by a running instance (scraped here), consumer lag by kafka-exporter, whose metric is declared by
 * {@code prometheus.BuildFQName("kafka", "consumergroup", "lag")} in danielqsj/kafka_exporter, kafka_exporter.go.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class AlertRulesTest {

    private static final Path PROMETHEUS = Repository.root().resolve("ops/prometheus");
    /** Prometheus' own per-target metric, and what kafka-exporter (docker-compose.yml) exports. */
    private static final Set<String> PROMETHEUS_METRICS = Set.of("up");
    private static final Set<String> KAFKA_EXPORTER_METRICS = Set.of("kafka_consumergroup_lag");
    /** PromQL words that look like metric names. */
    private static final Set<String> PROMQL = Set.of("max", "min", "sum", "avg", "count", "by", "without", "increase",
            "rate", "irate", "and", "or", "unless", "on", "ignoring", "offset");

    @LocalServerPort
    int port;

    @Test
    void promtoolAcceptsTheRulesAndTheConfigurationThatLoadsThem() throws Exception {
        assertThat(promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString())).isZero();
        assertThat(promtool("check", "rules", PROMETHEUS.resolve("alerts.yml").toString())).isZero();
    }

    @Test
    void everyAlertFiresOnItsSituationAndNotBefore() throws Exception {
        assertThat(promtool("test", "rules", PROMETHEUS.resolve("alerts-test.yml").toString())).isZero();
    }

    @Test
    void everyMetricTheRulesNameIsExported() throws Exception {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> named = metricsNamedByTheRules();
        assertThat(named).as("the rules name the service's metrics").contains("licensing_outbox_oldest_age_seconds");

        for (String metric : named) {
            boolean exported = PROMETHEUS_METRICS.contains(metric) || KAFKA_EXPORTER_METRICS.contains(metric)
                    || Pattern.compile("(?m)^" + Pattern.quote(metric) + "[{ ]").matcher(scrape).find();
            assertThat(exported).as("%s is exported by the service, kafka-exporter or Prometheus", metric).isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> metricsNamedByTheRules() throws Exception {
        Map<String, Object> rules;
        try (InputStream in = Files.newInputStream(PROMETHEUS.resolve("alerts.yml"))) {
            rules = new Yaml().load(in);
        }
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                // label matchers, grouping labels and ranges name no metric
                String expression = rule.get("expr").toString().replaceAll("\\{[^}]*}", " ")
                        .replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", " ").replaceAll("\\[[^]]*]", " ");
                Matcher word = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(expression);
                while (word.find()) {
                    if (!PROMQL.contains(word.group())) {
                        names.add(word.group());
                    }
                }
            }
        }
        return names;
    }

    private static int promtool(String... arguments) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool: apt-get install prometheus").isExecutable();
        Process process = new ProcessBuilder(java.util.stream.Stream.concat(java.util.stream.Stream.of(promtool.toString()),
                java.util.Arrays.stream(arguments)).toList()).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        return process.exitValue();
    }
}
