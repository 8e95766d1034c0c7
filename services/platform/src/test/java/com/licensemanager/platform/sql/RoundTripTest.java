package com.licensemanager.platform.sql;

import com.licensemanager.platform.PlatformDatabase;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.val;

/** Statements sent together on a real PostgreSQL: one execution, each statement's effect and answer in order. */
class RoundTripTest {

    @RegisterExtension
    static final PlatformDatabase database = new PlatformDatabase();

    private final AtomicInteger executions = new AtomicInteger();
    private DSLContext db;

    @BeforeEach
    void table() {
        database.db().execute("drop table if exists trip_row");
        database.db().execute("create table trip_row (id int primary key, label text, payload bytea)");
        db = database.db().configuration().derive(new ExecuteListener() {
            @Override
            public void executeEnd(ExecuteContext ctx) {
                executions.incrementAndGet();
            }
        }).dsl();
    }

    @Test
    void writesAndReadsGoInOneExecutionAndEachSeesTheOnesBeforeIt() {
        RoundTrip trip = new RoundTrip(db);
        trip.write(db.query("insert into trip_row (id, label) select * from unnest({0}, {1})",
                val(new Integer[] {1, 2, 3}), val(new String[] {"a", "b", "c"})), 3, "rows inserted");
        trip.write(db.query("insert into trip_row (id, payload) select 4, p from unnest({0}) as d(p)",
                BinaryArrays.bytea(List.of(new byte[] {0, 92, 39}))));
        RoundTrip.Rows changed = trip.read(db.resultQuery(
                "update trip_row set label = upper(label) where id >= {0} returning id", val(2)));
        trip.write(db.deleteFrom(DSL.table("trip_row")).where(DSL.field("id", Integer.class).eq(1)), 1,
                "rows deleted");
        RoundTrip.Rows left = trip.read(db.select(DSL.field("id", Integer.class), DSL.field("label", String.class))
                .from("trip_row").orderBy(DSL.field("id")));
        executions.set(0);

        trip.send();

        assertThat(executions).as("executions (round trips)").hasValue(1);
        assertThat(changed.result().getValues(0, Integer.class)).containsExactlyInAnyOrder(2, 3, 4);
        assertThat(left.result().getValues(0, Integer.class)).containsExactly(2, 3, 4);
        assertThat(left.result().getValues(1, String.class)).containsExactly("B", "C", null);
        assertThat(database.db().fetchValue("select payload from trip_row where id = 4"))
                .isEqualTo(new byte[] {0, 92, 39});
        assertThat(trip.isEmpty()).isTrue();
    }

    @Test
    void aReadingSentAloneIsOneExecutionAndAnswersWhatItRead() {
        database.db().execute("insert into trip_row (id, label) values (1, 'a'), (2, 'b')");
        executions.set(0);

        List<String> labels = RoundTrip.alone(db, trip -> {
            RoundTrip.Rows rows = trip.read(db.resultQuery("select label from trip_row order by id"));
            return () -> rows.result().getValues(0, String.class);
        });

        assertThat(labels).containsExactly("a", "b");
        assertThat(executions).as("executions (round trips)").hasValue(1);
    }

    @Test
    void aWriteThatTouchedOtherThanTheRowsExpectedFailsTheTripNamingIt() {
        database.db().execute("insert into trip_row (id, label) values (1, 'a')");
        RoundTrip trip = new RoundTrip(db);
        trip.write(db.query("update trip_row set label = 'x' where id = 1"), 1, "rows relabelled");
        trip.write(db.query("update trip_row set label = 'y' where id in (1, 2)"), 2, "rows this batch relabelled");

        assertThatThrownBy(trip::send).isInstanceOf(IllegalStateException.class)
                .hasMessage("1 of 2 rows this batch relabelled");
    }

    @Test
    void aStatementThatFailsFailsTheTrip() {
        RoundTrip trip = new RoundTrip(db);
        trip.write(db.query("insert into trip_row (id, label) values (1, 'a')"));
        trip.write(db.query("insert into trip_row (id, label) values (1, 'again')"));

        assertThatThrownBy(trip::send).hasMessageContaining("duplicate key");
    }

    @Test
    void aLoneStatementGoesAsItselfAndNothingAddedSendsNothing() {
        RoundTrip trip = new RoundTrip(db);
        executions.set(0);
        trip.send();
        assertThat(executions).hasValue(0);

        RoundTrip.Rows inserted = trip.read(db.resultQuery("insert into trip_row (id) values (7) returning id"));
        trip.send();

        assertThat(executions).hasValue(1);
        assertThat(inserted.result().getValues(0, Integer.class)).containsExactly(7);
        assertThatThrownBy(() -> new RoundTrip(db).read(db.resultQuery("select 1")).result())
                .hasMessageContaining("not been sent");
    }
}
