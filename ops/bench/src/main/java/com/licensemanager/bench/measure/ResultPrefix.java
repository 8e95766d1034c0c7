package com.licensemanager.bench.measure;

import com.licensemanager.schemas.licensing.LicenseResult;
import org.apache.avro.Schema;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first fields of a {@link LicenseResult} as it lies on the topic (Confluent frame, then Avro binary): request id,
 * command, accepted and the first rejection's reason, which is all the benchmark checks. Decoded by hand from the
 * front of the record, so the license file and outcome behind them are never decoded (see {@link ResultCollector}).
 * It holds across schema versions: the contract only ever adds fields behind these (docs/topics.md, LicenseResult's
 * doc), and {@link #LEADING_FIELDS} is checked against the schema the driver was built with.
 */
record ResultPrefix(String requestId, String command, boolean accepted, String firstReason) {

    static final List<String> LEADING_FIELDS = List.of("requestId", "actingAccount", "command", "accepted",
            "rejections");

    static {
        List<String> actual = LicenseResult.getClassSchema().getFields().stream().limit(LEADING_FIELDS.size())
                .map(Schema.Field::name).toList();
        if (!actual.equals(LEADING_FIELDS)) {
            throw new IllegalStateException("LicenseResult no longer starts with " + LEADING_FIELDS + ": " + actual);
        }
    }

    private static final int FRAME = 5; // magic byte 0, 4-byte schema id

    static ResultPrefix decode(byte[] value) {
        if (value.length < FRAME || value[0] != 0) {
            throw new IllegalStateException("a result that is not registry-framed Avro");
        }
        Cursor in = new Cursor(value, FRAME);
        String requestId = in.string();
        in.skipString(); // actingAccount
        String command = in.string();
        boolean accepted = value[in.at++] != 0;
        String firstReason = null;
        long count = in.varlong();
        if (count < 0) { // a block with its byte size
            count = -count;
            in.varlong();
        }
        if (count > 0) {
            firstReason = in.string(); // Rejection: reason first
        }
        return new ResultPrefix(requestId, command, accepted, firstReason);
    }

    private static final class Cursor {
        private final byte[] bytes;
        private int at;

        Cursor(byte[] bytes, int at) {
            this.bytes = bytes;
            this.at = at;
        }

        long varlong() {
            long raw = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[at++];
                raw |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (raw >>> 1) ^ -(raw & 1);
        }

        String string() {
            int length = (int) varlong();
            String text = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return text;
        }

        void skipString() {
            int length = (int) varlong(); // before the addition: "at += varlong()" would add to the old position
            at += length;
        }
    }
}
