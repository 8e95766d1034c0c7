package com.licensemanager.app.compose;

import com.licensemanager.app.Repository;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alert says where its runbook section is, and every link into docs/runbook.md (from the alert rules, the
 * README, the other docs and the runbook itself) names a heading there, by the anchor GitHub derives from it: an
 * on-call engineer following an alert lands on what to do, not on the top of the page.
 */
class RunbookLinksTest {

    private static final Path ROOT = Repository.root();
    private static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");
    private static final Pattern LINK_INTO_RUNBOOK = Pattern.compile("runbook\\.md#([A-Za-z0-9_-]+)");
    /** An alert's {@code runbook} annotation: the runbook's path in the repository and a section. */
    private static final Pattern ALERT_RUNBOOK = Pattern.compile("docs/runbook\\.md#([A-Za-z0-9_-]+)");
    private static final Pattern LINK_WITHIN = Pattern.compile("]\\(#([A-Za-z0-9_-]+)\\)");

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertLinksToARunbookSection() throws IOException {
        Map<String, Object> rules;
        try (InputStream in = Files.newInputStream(ROOT.resolve("ops/prometheus/alerts.yml"))) {
            rules = new Yaml().load(in);
        }
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (rule.containsKey("alert")) {
                    alerts.add(rule);
                }
            }
        }
        assertThat(alerts).as("alert rules").isNotEmpty();
        Set<String> anchors = anchors();
        for (Map<String, Object> alert : alerts) {
            String runbook = String.valueOf(((Map<String, Object>) alert.get("annotations")).get("runbook"));
            Matcher link = ALERT_RUNBOOK.matcher(runbook);
            assertThat(link.matches()).as("%s links to a runbook section: %s", alert.get("alert"), runbook).isTrue();
            assertThat(anchors).as("%s's runbook section", alert.get("alert")).contains(link.group(1));
        }
    }

    @Test
    void everyLinkIntoTheRunbookNamesAHeading() throws IOException {
        Set<String> anchors = anchors();
        List<Path> sources = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Stream.concat(Files.list(ROOT.resolve("docs")), Files.list(ROOT.resolve("ops/prometheus")))) {
            files.filter(file -> file.toString().endsWith(".md") || file.toString().endsWith(".yml")).forEach(sources::add);
        }
        int links = 0;
        for (Path source : sources) {
            String text = Files.readString(source);
            List<Matcher> matchers = new ArrayList<>(List.of(LINK_INTO_RUNBOOK.matcher(text)));
            if (source.equals(RUNBOOK)) {
                matchers.add(LINK_WITHIN.matcher(text));
            }
            for (Matcher link : matchers) {
                while (link.find()) {
                    links++;
                    assertThat(anchors).as("%s links to #%s", ROOT.relativize(source), link.group(1))
                            .contains(link.group(1));
                }
            }
        }
        assertThat(links).as("links checked").isGreaterThan(10);
    }

    @Test
    void anchorsAreDerivedAsGitHubDoes() {
        assertThat(anchor("Kafka console (kafka-ui)")).isEqualTo("kafka-console-kafka-ui");
        assertThat(anchor("Kafka users and ACLs (docker-compose.yml)")).isEqualTo("kafka-users-and-acls-docker-composeyml");
        assertThat(anchor("Alerts (`ops/prometheus/alerts.yml`)")).isEqualTo("alerts-opsprometheusalertsyml");
    }

    /** The anchors of the runbook's headings. */
    private static Set<String> anchors() throws IOException {
        Set<String> anchors = new TreeSet<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(RUNBOOK)) {
            if (line.startsWith("```")) {
                inCode = !inCode; // a shell comment in a code block is no heading
            } else if (!inCode && line.matches("#{1,6} .*")) {
                anchors.add(anchor(line.replaceFirst("#{1,6} ", "")));
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case, punctuation other than '-' and '_' dropped, each space a '-'. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
