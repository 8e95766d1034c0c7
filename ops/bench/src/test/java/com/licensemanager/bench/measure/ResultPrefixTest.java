package com.licensemanager.bench.measure;

import com.licensemanager.bench.echo.KafkaEcho;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.QuoteAssignment;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The collector's partial decode of results, and the Kafka echo's answers, against Avro's own full decode. */
class ResultPrefixTest {

    private static final byte[] FRAME = {0, 0, 0, 0, 42};

    @Test
    void readsTheLeadingFieldsOfARejectionAsAFullDecodeDoes() throws IOException {
        // a request id above 63 bytes takes a two-byte length
        String requestId = "r".repeat(70) + "-max1-12345";
        LicenseResult result = LicenseResult.newBuilder().setRequestId(requestId).setActingAccount("acct-x-0001")
                .setCommand("AddLicenses").setAccepted(false)
                .setRejections(List.of(new Rejection("CHANNELS_ABOVE_DSP_MAXIMUM", "Channels", "too many"),
                        new Rejection("NOT_PERMITTED", null, "not yours"))).setOutcome(null).build();

        ResultPrefix prefix = ResultPrefix.decode(framed(KafkaEcho.avro(result)));

        assertThat(prefix).isEqualTo(new ResultPrefix(requestId, "AddLicenses", false, "CHANNELS_ABOVE_DSP_MAXIMUM"));
    }

    @Test
    void theEchosAnswerIsAValidResultForTheRequestItAnswers() throws IOException {
        LicenseResult template = KafkaEcho.result(340);
        LicenseRequest request = new LicenseRequest("abc123-echo-max-7", "acct-abc123-0042", Instant.now(),
                new QuoteAssignment("00-90-33-00-00-01", null));

        byte[] answer = KafkaEcho.answer(FRAME, KafkaEcho.tail(template), framed(KafkaEcho.avro(request)));

        assertThat(ResultPrefix.decode(answer))
                .isEqualTo(new ResultPrefix("abc123-echo-max-7", "AssignLicenses", true, null));
        LicenseResult decoded = new SpecificDatumReader<>(LicenseResult.class).read(null, DecoderFactory.get()
                .binaryDecoder(answer, FRAME.length, answer.length - FRAME.length, null));
        assertThat(decoded.getRequestId()).isEqualTo("abc123-echo-max-7");
        assertThat(decoded.getActingAccount()).isEqualTo("acct-abc123-0042");
        assertThat(decoded.getOutcome()).isEqualTo(template.getOutcome());
        assertThat(Arrays.copyOf(answer, FRAME.length)).isEqualTo(FRAME);
        assertThat(answer.length).isBetween(340 - 10, 340 + 40); // the template's size plus the longer ids
    }

    private static byte[] framed(byte[] body) {
        byte[] value = Arrays.copyOf(FRAME, FRAME.length + body.length);
        System.arraycopy(body, 0, value, FRAME.length, body.length);
        return value;
    }
}
