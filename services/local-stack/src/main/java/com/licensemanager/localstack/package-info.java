/**
 * The project's one launcher library: every PostgreSQL, Kafka and Apicurio Registry the project runs outside a
 * deployment is started here, by the local stack ({@code ops/run-local.sh}), the tests ({@code test-support}), the
 * build (jOOQ codegen) and the end-to-end drivers ({@code ops/harness}, bench and chaos) alike.
 *
 * <table>
 * <caption>Which launcher for what</caption>
 * <tr><th>component</th><th>launcher</th><th>used by</th><th>why this one</th></tr>
 * <tr><td>PostgreSQL</td><td>{@link com.licensemanager.localstack.PostgresServer}</td>
 *     <td>local stack, tests, jOOQ codegen</td>
 *     <td>Maven Central binaries, starts in seconds, stop/start keeps the data; {@code fsync=off}</td></tr>
 * <tr><td>PostgreSQL</td><td>{@link com.licensemanager.localstack.DurablePostgresServer}</td><td>bench, chaos</td>
 *     <td>the machine's installation: {@code fsync=on}, can be crashed ({@code -m immediate}) and recover,
 *     {@code pgbench}, {@code pg_stat_statements}</td></tr>
 * <tr><td>Kafka</td><td>{@link com.licensemanager.localstack.KafkaBroker}</td><td>local stack, tests</td>
 *     <td>in this JVM, no distribution to build</td></tr>
 * <tr><td>Kafka</td><td>{@link com.licensemanager.localstack.KafkaBrokerProcess}</td><td>bench, chaos</td>
 *     <td>its own JVM: stopped and restarted on the same ports and log directories, its CPU measured apart</td></tr>
 * <tr><td>Kafka</td><td>{@link com.licensemanager.localstack.SecuredKafkaBroker}</td><td>the access test</td>
 *     <td>the deployment's {@code server.properties} with SCRAM and ACLs, unchanged</td></tr>
 * <tr><td>Apicurio Registry</td><td>{@link com.licensemanager.localstack.SchemaRegistryProcess}</td><td>all</td>
 *     <td>the prebuilt distribution from Maven Central as a child process</td></tr>
 * </table>
 *
 * <p>Whatever is started is stopped again, also when the JVM starting it is killed: by shutdown hooks and by a
 * {@link com.licensemanager.localstack.Watchdog}; for the drivers, every process of a run is registered with
 * {@link com.licensemanager.localstack.Processes}.
 */
package com.licensemanager.localstack;
