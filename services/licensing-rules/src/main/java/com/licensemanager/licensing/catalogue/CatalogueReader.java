package com.licensemanager.licensing.catalogue;

import com.licensemanager.licensing.code.LicenseCode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the catalogue format: UTF-8 lines; {@code #} comments and blank lines are ignored;
 * {@code @name value} directives come first; then the header line and one comma-separated row per
 * model. No quoting: no field may contain a comma.
 */
final class CatalogueReader {

    static final String FORMAT = "license-manager-products/1";

    private static final List<String> HEADER = List.of(
            "model", "ab_ports", "bri_interfaces", "pri_interfaces", "pbx_max_registrations", "dsp_channels",
            "dect_multicell_master", "gatekeeper_max", "operators_max", "softphones_max", "assumed", "description");
    private static final Set<String> DIRECTIVES = Set.of("format", "version", "license-sizes", "license-sizes-assumed");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern MODEL = Pattern.compile("[A-Z][A-Z0-9-]{0,31}");
    private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,5}");

    private final String source;
    private final Map<String, String> directives = new HashMap<>();
    private final List<ProductModel> models = new ArrayList<>();
    private final Set<String> modelNames = new HashSet<>();
    private boolean headerSeen;
    private List<Integer> sizes;

    private CatalogueReader(String source) {
        this.source = source;
    }

    static ProductCatalogue read(String source, byte[] bytes) {
        return new CatalogueReader(source).parse(decode(source, bytes));
    }

    private static String decode(String source, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CatalogueFormatException(source, "not valid UTF-8", e);
        }
    }

    private ProductCatalogue parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                directive(number, line);
            } else if (!headerSeen) {
                header(number, line);
            } else {
                row(number, line);
            }
        }
        if (!headerSeen) {
            throw new CatalogueFormatException(source, 0, "header line " + String.join(",", HEADER) + " is missing");
        }
        if (models.isEmpty()) {
            throw new CatalogueFormatException(source, 0, "no product models");
        }
        return new ProductCatalogue(directives.get("version"), sizes,
                Boolean.parseBoolean(directives.getOrDefault("license-sizes-assumed", "false")), models);
    }

    private void directive(int line, String text) {
        if (headerSeen) {
            throw new CatalogueFormatException(source, line, "directives must come before the header line");
        }
        String[] parts = text.substring(1).split("\\s+", 2);
        String name = parts[0];
        String value = parts.length > 1 ? parts[1].strip() : "";
        if (!DIRECTIVES.contains(name)) {
            throw new CatalogueFormatException(source, line, "unknown directive @" + name + "; known: " + DIRECTIVES);
        }
        if (directives.putIfAbsent(name, value) != null) {
            throw new CatalogueFormatException(source, line, "directive @" + name + " given twice");
        }
        switch (name) {
            case "format" -> {
                if (!FORMAT.equals(value)) {
                    throw new CatalogueFormatException(source, line,
                            "unsupported format " + '"' + value + '"' + ", expected " + FORMAT);
                }
            }
            case "version" -> {
                if (!VERSION.matcher(value).matches()) {
                    throw new CatalogueFormatException(source, line, "invalid version " + '"' + value + '"');
                }
            }
            case "license-sizes" -> sizes = sizes(line, value);
            case "license-sizes-assumed" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new CatalogueFormatException(source, line, "@license-sizes-assumed must be true or false");
                }
            }
            default -> throw new IllegalStateException(name);
        }
    }

    private List<Integer> sizes(int line, String value) {
        List<Integer> result = new ArrayList<>();
        for (String part : value.split(";", -1)) {
            String digits = part.strip();
            if (!NUMBER.matcher(digits).matches() || digits.equals("0")
                    || Integer.parseInt(digits) > LicenseCode.MAX_SIZE) {
                throw new CatalogueFormatException(source, line,
                        "license size " + '"' + digits + '"' + " must be a number 1.." + LicenseCode.MAX_SIZE);
            }
            int size = Integer.parseInt(digits);
            if (!result.isEmpty() && size <= result.getLast()) {
                throw new CatalogueFormatException(source, line, "license sizes must be strictly ascending");
            }
            result.add(size);
        }
        return result;
    }

    private void header(int line, String text) {
        for (String required : List.of("format", "version", "license-sizes")) {
            if (!directives.containsKey(required)) {
                throw new CatalogueFormatException(source, line, "directive @" + required + " is missing");
            }
        }
        List<String> columns = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
        if (!columns.equals(HEADER)) {
            throw new CatalogueFormatException(source, line,
                    "header must be exactly " + String.join(",", HEADER) + " but was " + text);
        }
        headerSeen = true;
    }

    private void row(int line, String text) {
        String[] f = text.split(",", -1);
        if (f.length != HEADER.size()) {
            throw new CatalogueFormatException(source, line,
                    "expected " + HEADER.size() + " comma-separated fields, found " + f.length);
        }
        String name = f[0].strip();
        if (!MODEL.matcher(name).matches()) {
            throw new CatalogueFormatException(source, line, "invalid model name " + '"' + name + '"');
        }
        if (!modelNames.add(name.toUpperCase(Locale.ROOT))) {
            throw new CatalogueFormatException(source, line, "model " + name + " listed twice");
        }
        int pbx = number(line, name, "pbx_max_registrations", f[4]);
        if (pbx != 0 && !sizes.contains(pbx)) {
            throw new CatalogueFormatException(source, line,
                    name + ": pbx_max_registrations must be 0 or one of the license sizes " + sizes);
        }
        String description = f[11].strip();
        if (description.contains("\"")) {
            throw new CatalogueFormatException(source, line, name + ": quotes are not supported in description");
        }
        try {
            models.add(new ProductModel(name,
                    number(line, name, "ab_ports", f[1]),
                    number(line, name, "bri_interfaces", f[2]),
                    number(line, name, "pri_interfaces", f[3]),
                    pbx,
                    number(line, name, "dsp_channels", f[5]),
                    bool(line, name, "dect_multicell_master", f[6]),
                    number(line, name, "gatekeeper_max", f[7]),
                    number(line, name, "operators_max", f[8]),
                    number(line, name, "softphones_max", f[9]),
                    assumed(line, name, f[10]),
                    description));
        } catch (IllegalArgumentException e) {
            throw new CatalogueFormatException(source, line, e.getMessage());
        }
    }

    private int number(int line, String model, String column, String field) {
        String value = field.strip();
        if (!NUMBER.matcher(value).matches()) {
            throw new CatalogueFormatException(source, line,
                    model + ": " + column + " must be a non-negative whole number, was " + '"' + value + '"');
        }
        return Integer.parseInt(value);
    }

    private boolean bool(int line, String model, String column, String field) {
        return switch (field.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new CatalogueFormatException(source, line,
                    model + ": " + column + " must be true or false, was " + '"' + field.strip() + '"');
        };
    }

    private Set<ProductAttribute> assumed(int line, String model, String field) {
        String value = field.strip();
        if (value.equals("-")) {
            return Set.of();
        }
        if (value.equals("*")) {
            return EnumSet.allOf(ProductAttribute.class);
        }
        Set<ProductAttribute> result = EnumSet.noneOf(ProductAttribute.class);
        for (String column : value.split(";", -1)) {
            result.add(ProductAttribute.byColumn(column.strip()).orElseThrow(() -> new CatalogueFormatException(
                    source, line, model + ": assumed lists unknown column " + '"' + column.strip() + '"'
                            + " (use -, * or ;-separated value column names)")));
        }
        return result;
    }
}
