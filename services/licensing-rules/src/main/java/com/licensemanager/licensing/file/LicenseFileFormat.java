package com.licensemanager.licensing.file;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.MalformedLicenseCodeException;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The license file format {@value #FORMAT}. A file is ASCII text (so also UTF-8), lines ended by
 * LF only, in exactly this order:
 *
 * <pre>
 * format: license-manager-license/1
 * mac: 00-90-33-0A-1B-2C
 * sequence: 3
 * issued: 2025-03-01T10:15:30Z
 * key-id: 6b8f2c1d0e9a7b35
 * license: PBX6#15 1
 * license: Registrations 15
 * signature: &lt;base64&gt;
 * </pre>
 *
 * The <em>body</em> is every byte before the {@code signature: } line (so it ends with LF). The
 * signature is Ed25519 over exactly the body bytes, written as standard base64 with padding (88
 * characters). A reader accepts only the canonical form: re-printing the parsed content must give
 * the same body byte for byte, so no byte can change without the signature failing.
 */
public final class LicenseFileFormat {

    public static final String FORMAT = "license-manager-license/1";
    static final String SIGNATURE_PREFIX = "signature: ";
    private static final byte[] SIGNATURE_MARKER = ("\n" + SIGNATURE_PREFIX).getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SEQUENCE = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern QUANTITY = Pattern.compile("[1-9][0-9]{0,8}");

    private LicenseFileFormat() {
    }

    /** The body bytes for {@code content} signed by the key with {@code keyId}. */
    public static byte[] body(LicenseFileContent content, String keyId) {
        StringBuilder text = new StringBuilder(256)
                .append("format: ").append(FORMAT).append('\n')
                .append("mac: ").append(content.mac()).append('\n')
                .append("sequence: ").append(content.sequence()).append('\n')
                .append("issued: ").append(DateTimeFormatter.ISO_INSTANT.format(content.issuedAt())).append('\n')
                .append("key-id: ").append(keyId).append('\n');
        content.licenses().quantities().forEach((code, quantity) ->
                text.append("license: ").append(code.print()).append(' ').append(quantity).append('\n'));
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The signature line (with its LF) for a 64-byte Ed25519 signature. */
    static byte[] signatureLine(byte[] signature) {
        return (SIGNATURE_PREFIX + Base64.getEncoder().encodeToString(signature) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Splits and parses a file without checking the signature.
     *
     * @throws MalformedLicenseFileException when the file is not in the canonical format
     */
    public static ParsedLicenseFile parse(byte[] file) {
        int marker = lastIndexOf(file, SIGNATURE_MARKER);
        if (marker < 0) {
            throw new MalformedLicenseFileException(LicenseFileProblem.SIGNATURE_MISSING,
                    "no line starting with " + '"' + SIGNATURE_PREFIX + '"');
        }
        byte[] body = Arrays.copyOfRange(file, 0, marker + 1);
        byte[] signature = signature(Arrays.copyOfRange(file, marker + SIGNATURE_MARKER.length, file.length));
        String bodyText = ascii(body);
        String[] lines = bodyText.substring(0, bodyText.length() - 1).split("\n", -1);
        if (lines.length < 6) {
            throw malformed("expected format, mac, sequence, issued, key-id and at least one license line");
        }
        if (!FORMAT.equals(value(lines[0], "format"))) {
            throw malformed("unsupported format " + '"' + lines[0] + '"' + ", expected " + FORMAT);
        }
        MacAddress mac = mac(value(lines[1], "mac"));
        long sequence = sequence(value(lines[2], "sequence"));
        Instant issued = instant(value(lines[3], "issued"));
        String keyId = value(lines[4], "key-id");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw malformed("key-id must be 16 lower-case hex digits");
        }
        Map<LicenseCode, Integer> licenses = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        for (int i = 5; i < lines.length; i++) {
            license(value(lines[i], "license"), licenses);
        }
        LicenseFileContent content;
        try {
            content = new LicenseFileContent(mac, sequence, issued,
                    LicenseBundle.of(licenses));
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
        if (!Arrays.equals(body, body(content, keyId))) {
            throw malformed("not in canonical form (order, spelling or spacing of the lines)");
        }
        return new ParsedLicenseFile(content, keyId, body, signature);
    }

    private static byte[] signature(byte[] line) {
        if (line.length == 0 || line[line.length - 1] != '\n') {
            throw new MalformedLicenseFileException(LicenseFileProblem.SIGNATURE_MALFORMED,
                    "the signature line must end the file with a single LF");
        }
        String encoded = ascii(Arrays.copyOf(line, line.length - 1));
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new MalformedLicenseFileException(LicenseFileProblem.SIGNATURE_MALFORMED, "signature is not base64");
        }
        // Re-encoding rejects the spellings a lenient decoder tolerates (e.g. non-zero padding bits).
        if (signature.length != 64 || !Base64.getEncoder().encodeToString(signature).equals(encoded)) {
            throw new MalformedLicenseFileException(LicenseFileProblem.SIGNATURE_MALFORMED,
                    "signature must be 64 bytes in canonical base64");
        }
        return signature;
    }

    private static String value(String line, String key) {
        String prefix = key + ": ";
        if (!line.startsWith(prefix)) {
            throw malformed("expected a line " + '"' + prefix + "...\", found " + '"' + line + '"');
        }
        return line.substring(prefix.length());
    }

    private static MacAddress mac(String value) {
        try {
            return MacAddress.parse(value);
        } catch (MalformedMacAddressException e) {
            throw malformed(e.getMessage());
        }
    }

    private static long sequence(String value) {
        if (!SEQUENCE.matcher(value).matches()) {
            throw malformed("sequence must be a positive whole number, was " + '"' + value + '"');
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw malformed("sequence " + value + " is too large");
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.from(DateTimeFormatter.ISO_INSTANT.parse(value));
        } catch (DateTimeParseException e) {
            throw malformed("issued must be an ISO-8601 UTC instant like 2025-03-01T10:15:30Z, was " + '"' + value + '"');
        }
    }

    private static void license(String value, Map<LicenseCode, Integer> licenses) {
        int space = value.indexOf(' ');
        if (space < 0 || !QUANTITY.matcher(value.substring(space + 1)).matches()) {
            throw malformed("license line must be " + '"' + "license: <code> <quantity>" + '"' + ", was " + '"' + value + '"');
        }
        LicenseCode code;
        try {
            code = LicenseCode.parse(value.substring(0, space));
        } catch (MalformedLicenseCodeException e) {
            throw malformed(e.getMessage());
        }
        if (licenses.put(code, Integer.parseInt(value.substring(space + 1))) != null) {
            throw malformed(code.print() + " listed twice");
        }
    }

    private static String ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                throw malformed("the file must be ASCII text");
            }
            if (b < 0x20 && b != '\n') {
                throw malformed("control character 0x" + Integer.toHexString(b) + " in the file");
            }
            if (b == 0x7F) {
                throw malformed("control character 0x7f in the file");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static MalformedLicenseFileException malformed(String detail) {
        return new MalformedLicenseFileException(LicenseFileProblem.MALFORMED, detail);
    }
}
