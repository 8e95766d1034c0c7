/**
 * Per-box rules: what may still go on a unit ({@link com.licensemanager.licensing.unit.UnitRules#quote})
 * and why a request may not ({@link com.licensemanager.licensing.unit.UnitRules#check}).
 */
package com.licensemanager.licensing.unit;
