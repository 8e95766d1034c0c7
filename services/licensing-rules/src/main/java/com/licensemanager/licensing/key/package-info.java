/** Activation keys (and transfer keys): human-typable, scannable, self-checking random codes. */
package com.licensemanager.licensing.key;
