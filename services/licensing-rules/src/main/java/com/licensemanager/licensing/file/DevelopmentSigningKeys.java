package com.licensemanager.licensing.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

/**
 * A signing key pair for development and tests, generated once and kept in a directory so that
 * restarts keep verifying earlier files. Every use logs a loud warning: files signed with it must
 * never reach a customer.
 */
public final class DevelopmentSigningKeys {

    public static final String PRIVATE_KEY_FILE = "dev-license-signing-private.pem";
    public static final String PUBLIC_KEY_FILE = "dev-license-signing-public.pem";
    private static final String LOCK_FILE = ".dev-license-signing.lock";
    private static final System.Logger LOG = System.getLogger(DevelopmentSigningKeys.class.getName());

    private DevelopmentSigningKeys() {
    }

    /**
     * The development key pair in {@code directory}, created (with the directory) if absent.
     * Safe against concurrent callers in this and other processes.
     *
     * @throws IllegalStateException when only one of the two key files exists, or they do not match
     */
    public static synchronized KeyPair loadOrCreate(Path directory) {
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                KeyPair keys = loadOrCreateLocked(directory);
                LOG.log(Level.WARNING, () -> """

                        ************************************************************************
                        *  DEVELOPMENT LICENSE SIGNING KEY IN USE (key-id %s)
                        *  from %s
                        *  License files signed with it are NOT valid on customer devices.
                        *  Configure the vendor's production Ed25519 key for any real use.
                        ************************************************************************"""
                        .formatted(SigningKeys.keyId(keys.getPublic()), directory.toAbsolutePath()));
                return keys;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep development signing keys in " + directory, e);
        }
    }

    private static KeyPair loadOrCreateLocked(Path directory) throws IOException {
        Path privatePath = directory.resolve(PRIVATE_KEY_FILE);
        Path publicPath = directory.resolve(PUBLIC_KEY_FILE);
        boolean hasPrivate = Files.exists(privatePath);
        boolean hasPublic = Files.exists(publicPath);
        if (hasPrivate && hasPublic) {
            KeyPair keys = new KeyPair(SigningKeys.publicKeyFromPem(publicPath), SigningKeys.privateKeyFromPem(privatePath));
            try {
                SigningKeys.requireMatching(keys.getPrivate(), keys.getPublic());
            } catch (SigningKeyException e) {
                throw new IllegalStateException("development keys in " + directory + " do not match; delete both files", e);
            }
            return keys;
        }
        if (hasPrivate || hasPublic) {
            throw new IllegalStateException("only one of " + PRIVATE_KEY_FILE + " and " + PUBLIC_KEY_FILE
                    + " exists in " + directory + "; delete it to generate a new development pair");
        }
        KeyPair keys = SigningKeys.generate();
        write(privatePath, SigningKeys.toPem(keys.getPrivate()), true);
        write(publicPath, SigningKeys.toPem(keys.getPublic()), false);
        return keys;
    }

    private static void write(Path target, String pem, boolean secret) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".tmp-", ".pem");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // Temp files start owner-only; the public half may be read by anyone (e.g. a verifier).
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            }
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
