package com.licensemanager.state.units;

/** What the owner tells about a unit: its end customer, where it is, and two free comments. */
public record UnitDetails(String endCustomer, String location, String comment1, String comment2) {
}
