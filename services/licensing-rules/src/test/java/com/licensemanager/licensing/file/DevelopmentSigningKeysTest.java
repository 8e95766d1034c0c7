package com.licensemanager.licensing.file;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevelopmentSigningKeysTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(DevelopmentSigningKeys.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
        logger.setUseParentHandlers(false); // the warning is asserted below; keep the build log readable
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
        logger.setUseParentHandlers(true);
    }

    @Test
    void createsThePairOnceAndKeepsIt(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("nested/keys");
        KeyPair first = DevelopmentSigningKeys.loadOrCreate(keys);
        KeyPair second = DevelopmentSigningKeys.loadOrCreate(keys);
        assertThat(second.getPublic()).isEqualTo(first.getPublic());
        assertThat(second.getPrivate().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
        assertThat(keys.resolve(DevelopmentSigningKeys.PRIVATE_KEY_FILE)).exists();
        assertThat(keys.resolve(DevelopmentSigningKeys.PUBLIC_KEY_FILE)).exists();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    keys.resolve(DevelopmentSigningKeys.PRIVATE_KEY_FILE)))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    keys.resolve(DevelopmentSigningKeys.PUBLIC_KEY_FILE)))).isEqualTo("rw-r--r--");
        }
        new LicenseFileSigner(first);
    }

    @Test
    void warnsLoudlyEveryTime(@TempDir Path dir) {
        DevelopmentSigningKeys.loadOrCreate(dir);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).contains("DEVELOPMENT LICENSE SIGNING KEY IN USE")
                    .contains("NOT valid on customer devices");
        });
    }

    @Test
    void refusesHalfAPair(@TempDir Path dir) throws Exception {
        DevelopmentSigningKeys.loadOrCreate(dir);
        Files.delete(dir.resolve(DevelopmentSigningKeys.PUBLIC_KEY_FILE));
        assertThatThrownBy(() -> DevelopmentSigningKeys.loadOrCreate(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only one");
    }

    @Test
    void refusesAMismatchedPair(@TempDir Path dir) throws Exception {
        DevelopmentSigningKeys.loadOrCreate(dir);
        Files.writeString(dir.resolve(DevelopmentSigningKeys.PUBLIC_KEY_FILE), SigningKeys.toPem(SigningKeys.generate().getPublic()));
        assertThatThrownBy(() -> DevelopmentSigningKeys.loadOrCreate(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not match");
    }
}
