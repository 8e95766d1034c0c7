package com.licensemanager.platform.sql;

import com.licensemanager.platform.PlatformDatabase;
import org.jooq.ResultQuery;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code bytea[]} parameter on a real PostgreSQL: every byte arrives as sent, in the order sent. */
class BinaryArraysTest {

    @RegisterExtension
    static final PlatformDatabase database = new PlatformDatabase();

    /** Every byte value (NUL, backslash and quotes included, which a text array would have to escape), empty too. */
    private static List<byte[]> awkwardValues() {
        byte[] everyByte = new byte[256];
        for (int b = 0; b < 256; b++) {
            everyByte[b] = (byte) b;
        }
        return List.of(everyByte, new byte[0], new byte[]{'\\', '"', '\'', ',', '{', '}'}, new byte[]{0});
    }

    private static ResultQuery<Record> unnested(List<byte[]> values) {
        return database.db().resultQuery("select v from unnest({0}) with ordinality as d(v, n) order by n",
                BinaryArrays.bytea(values));
    }

    @Test
    void theValuesArriveByteForByteInTheirOrder() {
        List<byte[]> values = awkwardValues();

        List<byte[]> read = new ArrayList<>(unnested(values).fetch(0, byte[].class));

        assertThat(read).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(read.get(i)).as("value %d", i).isEqualTo(values.get(i));
        }
    }

    @Test
    void theStatementRenderedWithItsValuesForALogReadsTheSameValues() {
        List<byte[]> values = awkwardValues();
        String inlined = database.db().renderInlined(unnested(values));

        List<byte[]> read = database.db().resultQuery(inlined).fetch(0, byte[].class);

        assertThat(inlined).doesNotContain("?");
        assertThat(read).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(read.get(i)).as("value %d", i).isEqualTo(values.get(i));
        }
    }
}
