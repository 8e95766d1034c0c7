package com.licensemanager.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/** The driver's own output: to stdout and to {@code console.log} of the run, with the time since start. */
public final class Console {

    private static final long START = System.nanoTime();
    private static Writer file;

    private Console() {
    }

    public static synchronized void writeAlsoTo(Path log) {
        try {
            file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A progress line, prefixed with the elapsed time. */
    public static void say(String format, Object... args) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - START);
        String line = String.format(Locale.ROOT, "[%3d:%02d] ", elapsed.toMinutes(), elapsed.toSecondsPart())
                + String.format(Locale.ROOT, format, args);
        print(line);
    }

    /** A line as is (report tables). */
    public static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
        if (file != null) {
            try {
                file.write(line);
                file.write('\n');
                file.flush();
            } catch (IOException ignored) {
                // the console still has it
            }
        }
    }
}
