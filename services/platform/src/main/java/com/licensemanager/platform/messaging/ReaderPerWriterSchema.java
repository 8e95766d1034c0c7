package com.licensemanager.platform.messaging;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The registry deserializer's datum readers, one per writer schema instance.
 *
 * <p>The deserializer resolves a schema id to the same {@link Schema} instance every time (its own cache), but its
 * default provider looks the reader up by a fingerprint of the schema's canonical form, computed for every
 * record: for our large request schema that was most of the cost of decoding. Keyed by identity, the lookup is a
 * hash of the reference; the reader itself (writer-to-reader resolution, specific classes) is still the
 * provider's own.
 */
public class ReaderPerWriterSchema<T> extends DefaultAvroDatumProvider<T> {

    /** Far above the number of schema versions we read; a bound in case the resolver ever hands out copies. */
    private static final int MAX_CACHED = 256;

    private final Map<Schema, DatumReader<T>> readers = Collections.synchronizedMap(new IdentityHashMap<>());

    @Override
    public DatumReader<T> createDatumReader(Schema writerSchema) {
        DatumReader<T> reader = readers.get(writerSchema);
        if (reader == null) {
            reader = super.createDatumReader(writerSchema);
            if (readers.size() >= MAX_CACHED) {
                readers.clear();
            }
            readers.put(writerSchema, reader);
        }
        return reader;
    }
}
