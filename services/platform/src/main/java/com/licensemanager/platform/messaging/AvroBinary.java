package com.licensemanager.platform.messaging;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plain Avro binary of generated records, for what is stored in the database (outbox rows, answered results). The
 * registry's framing is added only when publishing, so a business transaction never depends on the registry.
 */
public final class AvroBinary {

    private static final Map<String, SpecificDatumReader<SpecificRecord>> READERS = new ConcurrentHashMap<>();
    /** Writers hold no state between writes; one per generated class spares resolving its schema per record. */
    private static final Map<Class<?>, SpecificDatumWriter<SpecificRecord>> WRITERS = new ConcurrentHashMap<>();

    private AvroBinary() {
    }

    public static byte[] encode(SpecificRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            WRITERS.computeIfAbsent(record.getClass(), type -> new SpecificDatumWriter<>(record.getSchema()))
                    .write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static SpecificRecord decode(String schemaFullName, byte[] bytes) {
        SpecificDatumReader<SpecificRecord> reader = READERS.computeIfAbsent(schemaFullName, AvroBinary::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox payload of type " + schemaFullName + " is not valid Avro", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static SpecificDatumReader<SpecificRecord> readerFor(String schemaFullName) {
        try {
            Class<? extends SpecificRecord> type = (Class<? extends SpecificRecord>) Class.forName(schemaFullName);
            return new SpecificDatumReader<>((Class<SpecificRecord>) type);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated Avro class for outbox payload type " + schemaFullName, e);
        }
    }
}
