package com.licensemanager.app;

import com.licensemanager.app.cli.OperatorCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Arrays;

/**
 * The License Manager service. Which consumers run is configuration ({@code licensing.<consumer>.enabled}); every
 * consumer has its own consumer group, so instances of one role scale on their own.
 *
 * <p>{@code java -jar license-manager.jar cli <command> ...} runs the operator CLI ({@link OperatorCli}) instead:
 * no Spring context, so no consumer, relay or timer worker starts.
 */
@SpringBootApplication
public class LicenseManagerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(OperatorCli.COMMAND)) {
            // before the first logger: the CLI's output is its stdout, the clients' logs go to stderr, warnings only
            System.setProperty("logback.configurationFile", "logback-cli.xml");
            System.exit(OperatorCli.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(LicenseManagerApplication.class, args);
    }
}
