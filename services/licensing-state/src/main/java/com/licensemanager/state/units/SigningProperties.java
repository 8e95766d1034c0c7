package com.licensemanager.state.units;

import com.licensemanager.licensing.file.DevelopmentSigningKeys;
import com.licensemanager.licensing.file.SigningKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.security.KeyPair;

/**
 * Where the vendor's license-signing key comes from ({@code licensing.signing.*}): PEM text (e.g. from a secret in
 * the environment, {@code LICENSING_SIGNING_PRIVATE_KEY}) or PEM files. Without either, a development key pair is
 * generated once in {@code development-key-directory} and a loud warning says so: files signed with it are worth
 * nothing outside development.
 */
@ConfigurationProperties("licensing.signing")
public record SigningProperties(String privateKey, String publicKey, Path privateKeyFile, Path publicKeyFile,
                                Path developmentKeyDirectory) {

    public KeyPair keyPair() {
        if (present(privateKey) && present(publicKey)) {
            return new KeyPair(SigningKeys.publicKeyFromPem(publicKey), SigningKeys.privateKeyFromPem(privateKey));
        }
        if (privateKeyFile != null && publicKeyFile != null) {
            return new KeyPair(SigningKeys.publicKeyFromPem(publicKeyFile), SigningKeys.privateKeyFromPem(privateKeyFile));
        }
        Path directory = developmentKeyDirectory != null ? developmentKeyDirectory
                : Path.of(System.getProperty("user.home"), ".license-manager", "dev-signing-keys");
        return DevelopmentSigningKeys.loadOrCreate(directory);
    }

    private static boolean present(String pem) {
        return pem != null && !pem.isBlank();
    }
}
