package com.licensemanager.licensing.catalogue;

/** The catalogue data cannot be read; the message names the source and line. */
public final class CatalogueFormatException extends RuntimeException {

    private final int line;

    public CatalogueFormatException(String source, int line, String detail) {
        super(source + (line > 0 ? ":" + line : "") + ": " + detail);
        this.line = line;
    }

    public CatalogueFormatException(String source, String detail, Throwable cause) {
        super(source + ": " + detail, cause);
        this.line = 0;
    }

    /** 1-based line of the problem, 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
