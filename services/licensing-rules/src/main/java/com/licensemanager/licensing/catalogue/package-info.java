/**
 * The product catalogue: which models exist and what each can hold. The catalogue is data, a
 * versioned classpath resource ({@code catalogue/products-v1.csv}), not code.
 */
package com.licensemanager.licensing.catalogue;
