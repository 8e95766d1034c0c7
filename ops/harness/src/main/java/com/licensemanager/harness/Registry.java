package com.licensemanager.harness;

import com.licensemanager.localstack.SchemaRegistryProcess;
import com.licensemanager.platform.registry.ContractRegistration;

import java.nio.file.Path;
import java.util.List;

/** Apicurio Registry 3.3 as a child process, through the project's own launcher (module local-stack). */
public final class Registry implements Processes.Stoppable {

    private final SchemaRegistryProcess process;

    private Registry(SchemaRegistryProcess process) {
        this.process = process;
    }

    public static Registry start(Processes processes, Path logDir) {
        System.setProperty("licensing.local-stack.log-dir", logDir.toString());
        // the launcher's default -Xmx256m; the benchmark's registry answers a handful of schema look-ups only
        SchemaRegistryProcess process = SchemaRegistryProcess.launch(List.of());
        Registry registry = new Registry(process);
        // As the deployment's registry-contract step: the services run without auto-registration.
        new ContractRegistration(process.ccompatUrl()).registerAll();
        processes.register(registry, "kill -KILL " + process.pid() + " 2>/dev/null");
        Console.say("Apicurio Registry ready at %s (pid %d)", process.baseUrl(), process.pid());
        return registry;
    }

    /** Base URL, what the service's {@code licensing.schema-registry.url} wants. */
    public String baseUrl() {
        return process.baseUrl();
    }

    /** What the Apicurio serdes want. */
    public String apiUrl() {
        return process.registryApiUrl();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public String name() {
        return "Apicurio Registry (pid " + process.pid() + ")";
    }

    @Override
    public void stop() {
        process.close();
    }
}
