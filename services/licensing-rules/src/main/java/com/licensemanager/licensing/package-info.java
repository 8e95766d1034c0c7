/**
 * Pure domain rules of the License Manager (version-6 licensing model): license codes, the product
 * catalogue, per-box rules, MAC addresses, activation keys and signed license files.
 *
 * <p>Everything here is JDK-only, immutable and safe to call from many threads at once.
 */
package com.licensemanager.licensing;
