package com.licensemanager.licensing.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The product models and the license sizes on sale, read from versioned data. Immutable.
 *
 * <p>Model look-up ignores ASCII letter case ({@code ip811} finds {@code IP811}).
 */
public final class ProductCatalogue {

    /** Classpath location of the catalogue shipped with this module. */
    public static final String DEFAULT_RESOURCE = "/catalogue/products-v1.csv";

    private final String version;
    private final List<Integer> licenseSizes;
    private final boolean licenseSizesAssumed;
    private final List<ProductModel> models;
    private final Map<String, ProductModel> byUpperName;

    ProductCatalogue(String version, List<Integer> licenseSizes, boolean licenseSizesAssumed,
                     List<ProductModel> models) {
        this.version = version;
        this.licenseSizes = List.copyOf(licenseSizes);
        this.licenseSizesAssumed = licenseSizesAssumed;
        this.models = List.copyOf(models);
        Map<String, ProductModel> index = new LinkedHashMap<>();
        for (ProductModel model : models) {
            index.put(model.name().toUpperCase(Locale.ROOT), model);
        }
        this.byUpperName = Map.copyOf(index);
    }

    /** The catalogue shipped in this module ({@value #DEFAULT_RESOURCE}); loaded once. */
    public static ProductCatalogue loadDefault() {
        return DefaultHolder.INSTANCE;
    }

    /** Reads a catalogue in the format of {@value #DEFAULT_RESOURCE}; the stream is not closed. */
    public static ProductCatalogue load(InputStream in) {
        return load("catalogue", in);
    }

    /** As {@link #load(InputStream)}, naming {@code sourceName} in error messages. */
    public static ProductCatalogue load(String sourceName, InputStream in) {
        try {
            return CatalogueReader.read(sourceName, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalogue " + sourceName, e);
        }
    }

    /** The catalogue's version string, e.g. {@code products-v1}; the database loader stores it. */
    public String version() {
        return version;
    }

    /**
     * Registration sizes on sale for PBX and voicemail base and upgrade licenses, ascending. A code
     * naming any other size is well-formed but cannot go on a unit.
     */
    public List<Integer> licenseSizes() {
        return licenseSizes;
    }

    /** Whether the size ladder is our assumption rather than public vendor information. */
    public boolean licenseSizesAssumed() {
        return licenseSizesAssumed;
    }

    /** All models in catalogue order. */
    public List<ProductModel> models() {
        return models;
    }

    public Optional<ProductModel> find(String model) {
        return model == null ? Optional.empty() : Optional.ofNullable(byUpperName.get(model.toUpperCase(Locale.ROOT)));
    }

    /** @throws UnknownProductModelException when the catalogue has no such model */
    public ProductModel require(String model) {
        return find(model).orElseThrow(() -> new UnknownProductModelException(model, version));
    }

    @Override
    public String toString() {
        return "ProductCatalogue[" + version + ", " + models.size() + " models]";
    }

    private static final class DefaultHolder {
        private static final ProductCatalogue INSTANCE = readDefault();

        private static ProductCatalogue readDefault() {
            try (InputStream in = ProductCatalogue.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("catalogue resource " + DEFAULT_RESOURCE + " is missing");
                }
                return load(DEFAULT_RESOURCE, in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
            }
        }
    }
}
