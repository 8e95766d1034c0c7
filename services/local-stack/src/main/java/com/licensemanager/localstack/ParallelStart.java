package com.licensemanager.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Starts components side by side and, if any fails, stops the ones that did start: shared by the local stack and
 * the test infrastructure, which start the same three components from different sources.
 */
public final class ParallelStart {

    private static final Logger log = LoggerFactory.getLogger(ParallelStart.class);

    private ParallelStart() {
    }

    public static <T> CompletableFuture<T> async(Supplier<T> start, ExecutorService executor) {
        return CompletableFuture.supplyAsync(start, executor);
    }

    /** The started component, or null after adding why it did not start to {@code failures}. */
    public static <T> T result(CompletableFuture<T> started, List<Throwable> failures) {
        try {
            return started.join();
        } catch (CompletionException e) {
            failures.add(Objects.requireNonNullElse(e.getCause(), e));
            return null;
        }
    }

    /** Stops every non-null component, logging (not throwing) what fails to stop. */
    public static void closeAll(AutoCloseable... components) {
        for (AutoCloseable component : components) {
            if (component == null) {
                continue;
            }
            try {
                component.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed", component, e);
            }
        }
    }
}
