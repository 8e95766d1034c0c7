package com.licensemanager.requests.decision;

import com.licensemanager.schemas.common.Rejection;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits of free text a request may carry (e-mail, company, end customer, location, comments), so that hostile
 * but decodable input is refused with a clear reason instead of failing in the database (PostgreSQL refuses a NUL
 * in text: the request was dead-lettered) or growing every unit state it is copied into.
 */
public final class TextInput {

    /** RFC 5321's longest forward path. */
    public static final int EMAIL = 254;
    public static final int COMPANY = 200;
    /** End customer, location and the two comments of a unit. */
    public static final int UNIT_DETAIL = 500;

    private TextInput() {
    }

    /** Adds a rejection for each way the field breaks the limits; a missing field breaks none. */
    public static void check(String field, String value, int maxLength, List<Rejection> rejections) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            rejections.add(Rejections.of(Reason.TEXT_TOO_LONG, field, field + " has " + value.length()
                    + " characters; at most " + maxLength + " are accepted"));
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            rejections.add(Rejections.of(Reason.TEXT_HAS_CONTROL_CHARACTERS, field,
                    field + " contains control characters (line breaks, tabs, NUL ...), which are not accepted"));
        }
    }

    /** Whether the value breaks none of the limits: only such text is looked up in the database. */
    public static boolean acceptable(String value, int maxLength) {
        List<Rejection> broken = new ArrayList<>();
        check("", value, maxLength, broken);
        return broken.isEmpty();
    }

    /** The four details of a unit, as AssignLicenses and SetUnitDetails carry them. */
    public static List<Rejection> unitDetails(String endCustomer, String location, String comment1, String comment2) {
        List<Rejection> rejections = new ArrayList<>();
        check("endCustomer", endCustomer, UNIT_DETAIL, rejections);
        check("location", location, UNIT_DETAIL, rejections);
        check("comment1", comment1, UNIT_DETAIL, rejections);
        check("comment2", comment2, UNIT_DETAIL, rejections);
        return rejections;
    }
}
