package com.licensemanager.app.cli;

import com.licensemanager.platform.kafka.DeadLetterRedrive;
import com.licensemanager.platform.kafka.KafkaErrorHandling;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * {@code redrive TOPIC}: sends the dead letters of {@code TOPIC-dlt} back to {@code TOPIC} as they were (key, value,
 * envelope headers; {@link DeadLetterRedrive}), selected by key, time and reason; {@code --dry-run} only lists them.
 * Every consumer is idempotent by message id, so re-driving a record that was handled after all changes nothing.
 */
@Command(name = "redrive", description = "Sends a dead-letter topic's records back to their topic (--dry-run: lists them only).")
final class RedriveCommand implements Callable<Integer> {

    private static final List<String> REASON_HEADERS = List.of("kafka_dlt-exception-fqcn",
            "kafka_dlt-exception-cause-fqcn", "kafka_dlt-exception-message");

    @ParentCommand
    OperatorCli cli;

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "TOPIC", description = "the original topic, e.g. portal.license-requests.v1 (its -dlt twin is read)")
    String topic;

    @Option(names = "--dry-run", description = "list what would be re-driven; send nothing, move no offset")
    boolean dryRun;

    @Option(names = "--key", paramLabel = "KEY", description = "only records with this key; repeatable")
    List<String> keys;

    @Option(names = "--from", paramLabel = "INSTANT", description = "only records of this time or later (record timestamp, the original's), e.g. 2026-12-01T08:00:00Z")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "only records before this time")
    Instant to;

    @Option(names = "--reason", paramLabel = "TEXT", description = "only records whose exception class, cause or message contains TEXT (any case)")
    String reason;

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = DeadLetterRedrive.DEFAULT_GROUP,
            description = "the re-drive's consumer group (default ${DEFAULT-VALUE}): a run reads what the group has not read; another group reads from the beginning")
    String group;

    @Override
    public Integer call() {
        String original = topic.endsWith(KafkaErrorHandling.DEAD_LETTER_SUFFIX)
                ? topic.substring(0, topic.length() - KafkaErrorHandling.DEAD_LETTER_SUFFIX.length()) : topic;
        try (DeadLetterRedrive redrive = new DeadLetterRedrive(kafka.connection())) {
            if (dryRun) {
                List<ConsumerRecord<byte[], byte[]>> selected = redrive.wouldRedrive(original, selection(), group);
                selected.forEach(record -> cli.out.println("would re-drive " + describe(record)));
                cli.out.println("dry run: " + selected.size() + " dead letters of " + original
                        + KafkaErrorHandling.DEAD_LETTER_SUFFIX + " would be re-driven to " + original);
            } else {
                int sent = redrive.redrive(original, selection(), UnaryOperator.identity(), group,
                        record -> cli.out.println("re-drove " + describe(record)));
                cli.out.println("re-drove " + sent + " dead letters of " + original
                        + KafkaErrorHandling.DEAD_LETTER_SUFFIX + " to " + original);
            }
        }
        return OperatorCli.DONE;
    }

    Predicate<ConsumerRecord<byte[], byte[]>> selection() {
        Predicate<ConsumerRecord<byte[], byte[]>> selected = record -> true;
        if (keys != null) {
            selected = selected.and(record -> record.key() != null
                    && keys.contains(new String(record.key(), StandardCharsets.UTF_8)));
        }
        if (from != null) {
            selected = selected.and(record -> record.timestamp() >= from.toEpochMilli());
        }
        if (to != null) {
            selected = selected.and(record -> record.timestamp() < to.toEpochMilli());
        }
        if (reason != null) {
            String wanted = reason.toLowerCase(Locale.ROOT);
            selected = selected.and(record -> REASON_HEADERS.stream().map(name -> header(record, name))
                    .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(wanted)));
        }
        return selected;
    }

    private static String describe(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset()
                + " key=" + (record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8))
                + " time=" + Instant.ofEpochMilli(record.timestamp())
                + " ce_id=" + header(record, EnvelopeHeaders.ID)
                + " reason=" + header(record, "kafka_dlt-exception-fqcn") + ": " + firstLine(header(record, "kafka_dlt-exception-message"));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
