package com.licensemanager.app.access;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The broker's access rules as written in {@code ops/compose/kafka/access.conf}: one allow rule per line
 * ({@code principal operation resource pattern name}); everything not allowed is denied by the broker.
 */
public record KafkaAccessPolicy(List<AclBinding> acls) {

    public static KafkaAccessPolicy read(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka access policy " + file, e);
        }
    }

    static KafkaAccessPolicy parse(List<String> lines, String source) {
        List<AclBinding> acls = new ArrayList<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 5) {
                throw new IllegalArgumentException(source + ":" + number
                        + ": expected 'principal operation resource pattern name', got: " + line);
            }
            try {
                acls.add(new AclBinding(
                        new ResourcePattern(ResourceType.valueOf(upper(fields[2])), fields[4],
                                PatternType.valueOf(upper(fields[3]))),
                        new AccessControlEntry("User:" + fields[0], "*", AclOperation.valueOf(upper(fields[1])),
                                AclPermissionType.ALLOW)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return new KafkaAccessPolicy(List.copyOf(acls));
    }

    /** The users the rules name, in order of first appearance: each needs a SCRAM credential. */
    public Set<String> users() {
        Set<String> users = new LinkedHashSet<>();
        acls.forEach(acl -> users.add(acl.entry().principal().substring("User:".length())));
        return users;
    }

    private static String upper(String field) {
        return field.toUpperCase(Locale.ROOT);
    }
}
