package com.licensemanager.licensing.catalogue;

/** A model name the catalogue does not know. */
public final class UnknownProductModelException extends IllegalArgumentException {

    private final String model;

    public UnknownProductModelException(String model, String catalogueVersion) {
        super("Unknown product model " + (model == null ? "<null>" : '"' + model + '"')
                + " in catalogue " + catalogueVersion);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
