package com.licensemanager.state;

import com.licensemanager.localstack.PostgresServer;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectKind;
import com.licensemanager.state.keys.KeyOrigin;
import com.licensemanager.state.moves.Move;
import com.licensemanager.state.units.LicenseEntry;
import com.licensemanager.state.units.UnitStatus;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every status column's check constraint, as the migrations create it in a real PostgreSQL, admits exactly the
 * values of the Java enum written to it: a value added on one side only fails here, not in production.
 */
class StatusValuesTest {

    private static PostgresServer postgres;
    private static String jdbcUrl;

    @BeforeAll
    static void migrate() {
        postgres = PostgresServer.launch();
        jdbcUrl = postgres.createDatabase("status_values");
        Flyway.configure().dataSource(jdbcUrl, postgres.username(), postgres.password())
                .locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    static Stream<Arguments> columns() {
        return Stream.of(
                Arguments.of("unit", "status", UnitStatus.class),
                Arguments.of("unit_license", "reason", LicenseEntry.class),
                Arguments.of("activation_key", "origin", KeyOrigin.class),
                Arguments.of("license_move", "kind", Move.Kind.class),
                Arguments.of("license_move", "outcome", Move.Outcome.class),
                Arguments.of("history_entry", "change", HistoryChange.class),
                Arguments.of("history_entry", "subject_kind", SubjectKind.class));
    }

    @ParameterizedTest(name = "{0}.{1} admits exactly {2}")
    @MethodSource("columns")
    void theColumnsCheckAdmitsExactlyTheEnumsValues(String table, String column, Class<? extends Enum<?>> values)
            throws SQLException {
        Set<String> inJava = Arrays.stream(values.getEnumConstants()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(admittedBy(table, column)).as("values the check on %s.%s admits", table, column)
                .containsExactlyElementsOf(inJava);
    }

    /** The quoted literals of the check constraint of the column that lists its values with IN or = ANY. */
    private static Set<String> admittedBy(String table, String column) throws SQLException {
        String sql = """
                select pg_get_constraintdef(c.oid)
                from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
                where c.contype = 'c' and c.conrelid = ?::regclass and a.attname = ? and cardinality(c.conkey) = 1
                """;
        Set<String> admitted = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            statement.setString(2, column);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Matcher literal = Pattern.compile("'([A-Z_]+)'").matcher(rows.getString(1));
                    while (literal.find()) {
                        admitted.add(literal.group(1));
                    }
                }
            }
        }
        assertThat(admitted).as("a check constraint listing the values of %s.%s", table, column).isNotEmpty();
        return admitted;
    }
}
