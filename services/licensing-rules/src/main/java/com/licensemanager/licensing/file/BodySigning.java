package com.licensemanager.licensing.file;

/**
 * Makes the Ed25519 signature (RFC 8032, 64 bytes) of a license file's body with the vendor's private key. The JDK's
 * {@code java.security.Signature} is one; the service plugs in a faster implementation of the same algorithm,
 * which yields the same bytes because Ed25519 signatures are deterministic. Must be thread-safe.
 */
@FunctionalInterface
public interface BodySigning {

    byte[] sign(byte[] body);
}
