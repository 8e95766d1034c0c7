package com.licensemanager.requests.decision;

import com.licensemanager.schemas.common.Rejection;
import org.apache.avro.specific.SpecificRecord;

import java.util.List;

/** What a command came to: accepted with an outcome (possibly none), or rejected with every reason. */
public record Verdict(boolean accepted, SpecificRecord outcome, List<Rejection> rejections) {

    public static Verdict accepted(SpecificRecord outcome) {
        return new Verdict(true, outcome, List.of());
    }

    public static Verdict rejected(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one reason");
        }
        return new Verdict(false, null, List.copyOf(rejections));
    }

    public static Verdict rejected(Reason reason, String subject, String message) {
        return rejected(List.of(Rejections.of(reason, subject, message)));
    }
}
