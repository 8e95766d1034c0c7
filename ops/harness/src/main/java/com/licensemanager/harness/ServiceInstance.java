package com.licensemanager.harness;

import com.licensemanager.localstack.DurablePostgresServer;
import com.licensemanager.localstack.ManagedProcess;
import com.licensemanager.localstack.Ports;
import com.licensemanager.localstack.Processes;
import com.licensemanager.localstack.SchemaRegistryProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One License Manager instance as it is deployed: the Spring Boot fat jar in its own JVM, every consumer role on
 * (the jar's default), pointed at the benchmark's broker, registry and PostgreSQL.
 */
public final class ServiceInstance {

    /** Everything needed to start an instance, so that it can be started again after a stop or a kill. */
    public record Launch(Processes processes, int number, Path javaHome, Path jar, List<String> jvmOptions,
                         String bootstrapServers, DurablePostgresServer postgres, SchemaRegistryProcess registry, Path signingKeys,
                         Path logDir, List<String> extraArguments) {
    }

    private final String name;
    private final Launch launch;
    private final ManagedProcess process;
    private final int httpPort;
    private final Path javaHome;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private com.sun.tools.attach.VirtualMachine attached;
    private java.lang.reflect.Method executeJCmd;
    private Throwable attachFailed;

    private ServiceInstance(String name, Launch launch, ManagedProcess process, int httpPort) {
        this.name = name;
        this.launch = launch;
        this.process = process;
        this.httpPort = httpPort;
        this.javaHome = launch.javaHome();
    }

    public static ServiceInstance start(Processes processes, int number, Path javaHome, Path jar, List<String> jvmOptions,
                                        String bootstrapServers, DurablePostgresServer postgres, SchemaRegistryProcess registry,
                                        Path signingKeys, Path logDir, List<String> extraArguments) {
        return start(new Launch(processes, number, javaHome, jar, jvmOptions, bootstrapServers, postgres, registry,
                signingKeys, logDir, extraArguments));
    }

    /** Starts an instance (its log is appended to {@code license-manager-<number>.log}) and waits until healthy. */
    public static ServiceInstance start(Launch launch) {
        long started = System.nanoTime();
        int port = Ports.free();
        List<String> command = new ArrayList<>();
        command.add(launch.javaHome().resolve("bin/java").toString());
        command.addAll(launch.jvmOptions());
        command.add("-jar");
        command.add(launch.jar().toAbsolutePath().toString());
        command.add("--server.port=" + port);
        command.add("--spring.kafka.bootstrap-servers=" + launch.bootstrapServers());
        command.add("--spring.datasource.url=" + launch.postgres().jdbcUrl());
        command.add("--spring.datasource.username=" + launch.postgres().username());
        command.add("--licensing.schema-registry.url=" + launch.registry().baseUrl());
        command.add("--licensing.signing.development-key-directory=" + launch.signingKeys());
        command.addAll(launch.extraArguments());
        String name = "license-manager-" + launch.number();
        // the password goes through the environment, not the command line (ps shows command lines)
        ManagedProcess process = launch.processes().start(name, command,
                Map.of("SPRING_DATASOURCE_PASSWORD", launch.postgres().password()), null,
                launch.logDir().resolve(name + ".log"), Duration.ofSeconds(40));
        ServiceInstance instance = new ServiceInstance(name, launch, process, port);
        instance.awaitHealthy(Duration.ofSeconds(180));
        Console.say("%s healthy on port %d (pid %d, own JVM %s) in %d ms", name, port, process.pid(),
                String.join(" ", launch.jvmOptions()), (System.nanoTime() - started) / 1_000_000);
        return instance;
    }

    /** A new instance with the same number and configuration (this one must have been stopped or killed). */
    public ServiceInstance startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
        }
        return start(launch);
    }

    /** SIGKILL, no shutdown of any kind (a crash); returns once the process is gone. */
    public synchronized void kill() {
        detach();
        ProcessHandle handle = process.process().toHandle();
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not die within 30 s of SIGKILL", e);
        }
        process.stop();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The Prometheus scrape, or an empty string when the instance does not answer. */
    public String prometheus() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A thread dump through {@code jcmd}, or an empty string. */
    public String threadDump() {
        return jcmd("Thread.print");
    }

    /**
     * Runs a diagnostic command ({@code jcmd}) in this instance; answers its output, or an empty string. Through the
     * Attach API of this JVM when it may (no new JVM per command: thread dumps every second would otherwise cost the
     * machine a tenth of a core), else by running the {@code jcmd} tool.
     */
    public synchronized String jcmd(String... command) {
        String line = String.join(" ", command);
        if (attachFailed == null) {
            try {
                if (attached == null) {
                    attached = com.sun.tools.attach.VirtualMachine.attach(String.valueOf(process.pid()));
                    executeJCmd = attached.getClass().getMethod("executeJCmd", String.class);
                }
                try (java.io.InputStream in = (java.io.InputStream) executeJCmd.invoke(attached, line)) {
                    // read with offset 0 only: the attach stream of JDK 25 mishandles reads at an offset
                    // (readAllBytes fails on outputs over 16 KiB)
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    byte[] buffer = new byte[8192];
                    int n;
                    while ((n = in.read(buffer, 0, buffer.length)) > 0) {
                        out.write(buffer, 0, n);
                    }
                    return out.toString(StandardCharsets.UTF_8);
                }
            } catch (Exception | LinkageError e) {
                attachFailed = e;
            }
        }
        List<String> tool = new ArrayList<>(List.of(javaHome.resolve("bin/jcmd").toString(),
                String.valueOf(process.pid())));
        tool.addAll(List.of(command));
        return Processes.output(tool, java.time.Duration.ofSeconds(60));
    }

    /** How diagnostic commands reach this instance. */
    public synchronized String diagnosticsChannel() {
        return attachFailed == null ? "Attach API" : "jcmd tool (attach failed: " + attachFailed + ")";
    }

    public synchronized void stop() {
        detach();
        process.stop();
    }

    private void detach() {
        if (attached != null) {
            try {
                attached.detach();
            } catch (IOException ignored) {
                // stopping anyway
            }
            attached = null;
        }
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.process().exitValue()
                        + " while starting; see " + process.log());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                Thread.sleep(500); // the instance starts on its own: nothing to wait on but time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout.toSeconds() + " s (" + last
                + "); see " + process.log());
    }
}
