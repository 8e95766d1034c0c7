package com.licensemanager.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Apicurio Registry's prebuilt Quarkus distribution ({@code io.apicurio:apicurio-registry-app:<v>:tar.gz:all},
 * a Maven dependency of this module, so Maven has downloaded it) and unpacks it once into a cache directory.
 *
 * <p>The archive is looked up, in this order:
 * <ol>
 * <li>system property {@value #ARCHIVE_PROPERTY} or environment variable {@value #ARCHIVE_ENV};</li>
 * <li>the absolute path Maven recorded when this module was built ({@code dependency:properties} filtered into
 *     the class-path resource {@value #RECORDED_PATH_RESOURCE});</li>
 * <li>the local Maven repository: {@code -Dmaven.repo.local}, else {@code <localRepository>} of
 *     {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.</li>
 * </ol>
 * It is unpacked with {@code tar -xzf} into {@code <cache>/<archive name>} (see
 * {@link LocalStackSupport#cacheDirectory()}): first into a temporary sibling, then renamed, under a file lock,
 * so concurrent JVMs neither unpack twice nor see half an unpacked tree.
 */
public final class ApicurioDistribution {

    private static final Logger log = LoggerFactory.getLogger(ApicurioDistribution.class);

    public static final String ARCHIVE_PROPERTY = "licensing.local-stack.apicurio-archive";
    public static final String ARCHIVE_ENV = "LICENSING_APICURIO_ARCHIVE";
    static final String RECORDED_PATH_RESOURCE = "/com/licensemanager/localstack/apicurio-distribution.path";
    static final String RUNNER_JAR = "quarkus-run.jar";

    private static final String GROUP_PATH = "io/apicurio/apicurio-registry-app";
    private static final String ARCHIVE_SUFFIX = "-all.tar.gz";

    private ApicurioDistribution() {
    }

    /** The version this module was built against, from the recorded archive name (e.g. {@code 3.3.3}). */
    public static Optional<String> recordedVersion() {
        return recordedArchivePath().map(path -> {
            String name = path.getFileName().toString();
            String prefix = "apicurio-registry-app-";
            return name.startsWith(prefix) && name.endsWith(ARCHIVE_SUFFIX)
                    ? name.substring(prefix.length(), name.length() - ARCHIVE_SUFFIX.length())
                    : null;
        });
    }

    /** The {@code .tar.gz} archive. */
    public static Path archive() {
        List<String> tried = new ArrayList<>();
        String explicit = firstNonBlank(System.getProperty(ARCHIVE_PROPERTY), System.getenv(ARCHIVE_ENV));
        if (explicit != null) {
            Path path = Path.of(explicit);
            if (Files.isRegularFile(path)) {
                return path;
            }
            throw new IllegalStateException("The Apicurio archive given by " + ARCHIVE_PROPERTY + "/" + ARCHIVE_ENV
                    + " does not exist: " + path);
        }
        Optional<Path> recorded = recordedArchivePath();
        if (recorded.isPresent()) {
            if (Files.isRegularFile(recorded.get())) {
                return recorded.get();
            }
            tried.add(recorded.get().toString());
        }
        String version = recordedVersion().orElse("3.3.3");
        for (Path repository : localRepositories()) {
            Path candidate = repository.resolve(GROUP_PATH).resolve(version)
                    .resolve("apicurio-registry-app-" + version + ARCHIVE_SUFFIX);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate.toString());
        }
        throw new IllegalStateException("Apicurio Registry distribution not found; tried " + tried
                + ". Build the local-stack module with Maven (it depends on io.apicurio:apicurio-registry-app:"
                + version + ":tar.gz:all), or set -D" + ARCHIVE_PROPERTY + "=<path to the tar.gz>.");
    }

    /**
     * The directory holding the unpacked distribution ({@value #RUNNER_JAR} at its top), unpacking it first if
     * needed.
     */
    public static synchronized Path home() {
        Path archive = archive();
        String name = archive.getFileName().toString();
        String dirName = name.endsWith(".tar.gz") ? name.substring(0, name.length() - ".tar.gz".length()) : name;
        Path cache = LocalStackSupport.cacheDirectory();
        Path target = cache.resolve(dirName);
        if (Files.isRegularFile(target.resolve(RUNNER_JAR))) {
            return target;
        }
        Path lockFile = cache.resolve(dirName + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(target.resolve(RUNNER_JAR))) {
                return target; // another JVM unpacked it while we waited
            }
            long started = System.nanoTime();
            Path temp = Files.createTempDirectory(cache, dirName + ".unpacking-");
            try {
                untar(archive, temp);
                Path runner = findRunner(temp);
                Path root = runner.getParent();
                if (Files.exists(target)) {
                    LocalStackSupport.deleteRecursively(target); // an incomplete leftover
                }
                move(root, target);
            }
            finally {
                LocalStackSupport.deleteRecursively(temp);
            }
            log.info("Unpacked {} into {} in {} ms", archive, target, (System.nanoTime() - started) / 1_000_000);
            return target;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + archive + " into " + target, e);
        }
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(source, target);
        }
    }

    private static void untar(Path archive, Path into) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("tar -xzf " + archive + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while unpacking " + archive, e);
        }
    }

    private static Path findRunner(Path root) throws IOException {
        try (Stream<Path> files = Files.find(root, 4,
                (path, attributes) -> attributes.isRegularFile() && path.getFileName().toString().equals(RUNNER_JAR))) {
            return files.findFirst().orElseThrow(() -> new IOException("No " + RUNNER_JAR + " in the Apicurio archive"));
        }
    }

    private static Optional<Path> recordedArchivePath() {
        try (InputStream in = ApicurioDistribution.class.getResourceAsStream(RECORDED_PATH_RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            // unfiltered (built outside Maven): "@io.apicurio:...@"
            if (text.isEmpty() || text.startsWith("@") || text.startsWith("${")) {
                return Optional.empty();
            }
            return Optional.of(Path.of(text));
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Path> localRepositories() {
        List<Path> repositories = new ArrayList<>();
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            repositories.add(Path.of(property));
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher matcher = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>")
                        .matcher(Files.readString(settings));
                if (matcher.find()) {
                    repositories.add(Path.of(matcher.group(1).replace("${user.home}", System.getProperty("user.home"))));
                }
            }
            catch (IOException | RuntimeException ignored) {
                // not readable: fall through to the default
            }
        }
        repositories.add(m2.resolve("repository"));
        return repositories;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
