package com.licensemanager.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: deployment files (docker-compose.yml, ops/compose) are checked as they are. */
public final class Repository {

    private Repository() {
    }

    public static Path root() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("docker-compose.yml"))) {
            root = root.getParent();
        }
        return root;
    }
}
