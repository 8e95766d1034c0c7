/**
 * Vendor MAC addresses ({@code 00-90-33-xx-xx-xx}), their RMA form ({@code 01-90-33-xx-xx-xx})
 * and the optional checksum printed beside them.
 */
package com.licensemanager.licensing.mac;
