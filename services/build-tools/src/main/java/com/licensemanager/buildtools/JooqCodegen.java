package com.licensemanager.buildtools;

import com.licensemanager.localstack.PostgresServer;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the jOOQ classes from the Flyway migrations applied to a real, throw-away PostgreSQL.
 *
 * <p>jOOQ's DDLDatabase parses DDL with H2 and silently mangles PostgreSQL specifics (partial indexes,
 * jsonb, ON CONFLICT), so the migrations are run against the real server instead. This also proves on every
 * build that the migrations apply to PostgreSQL.
 *
 * <p>Arguments: migrations directory, output directory, target package.
 */
public final class JooqCodegen {

    private JooqCodegen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: JooqCodegen <migrations-dir> <output-dir> <package>");
        }
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        String targetPackage = args[2];
        if (!Files.isDirectory(migrations)) {
            throw new IllegalArgumentException("no migrations directory at " + migrations);
        }

        try (PostgresServer postgres = PostgresServer.launch()) {
            String url = postgres.jdbcUrl();
            Flyway.configure()
                    .dataSource(url, postgres.username(), postgres.password())
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate();

            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url)
                            .withUser(postgres.username()).withPassword(postgres.password()))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withOutputSchemaToDefault(true)
                                    .withIncludes(".*")
                                    .withExcludes("flyway_schema_history"))
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withJavaTimeTypes(true))
                            .withTarget(new Target()
                                    .withPackageName(targetPackage)
                                    .withDirectory(output.toString()))));
        }
    }
}
