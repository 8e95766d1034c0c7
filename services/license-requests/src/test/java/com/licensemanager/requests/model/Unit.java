package com.licensemanager.requests.model;

import com.licensemanager.licensing.catalogue.ProductModel;
import com.licensemanager.licensing.code.LicenseBundle;

/** One shipped unit, as the model expects it to be. */
public final class Unit {

    public final String mac;
    public final String model;
    final ProductModel productModel;
    /** The balance owner that licensed it; null while unlicensed. */
    public String owner;
    public String assignedBy;
    public String endUser;
    public LicenseBundle held = LicenseBundle.empty();
    /** The sequence number of its current license file: one more per assignment or addition. */
    public int sequence;
    public String endCustomer;
    public String location;
    public String comment1;
    public String comment2;

    Unit(String mac, String model, ProductModel productModel) {
        this.mac = mac;
        this.model = model;
        this.productModel = productModel;
    }

    public boolean licensed() {
        return owner != null;
    }
}
