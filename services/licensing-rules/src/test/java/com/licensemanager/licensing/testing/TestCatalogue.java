package com.licensemanager.licensing.testing;

import com.licensemanager.licensing.catalogue.ProductCatalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The stable test catalogue {@code catalogue/test-products.csv}. */
public final class TestCatalogue {

    public static final ProductCatalogue CATALOGUE = load();

    private TestCatalogue() {
    }

    private static ProductCatalogue load() {
        try (InputStream in = TestCatalogue.class.getResourceAsStream("/catalogue/test-products.csv")) {
            return ProductCatalogue.load("test-products.csv", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
