package com.licensemanager.licensing.unit;

import com.licensemanager.licensing.code.LicenseBundle;

import java.util.List;

/** Outcome of {@link UnitRules#check}. */
public sealed interface RuleVerdict {

    boolean accepted();

    /** The request may go on the unit; {@code resultingHolding} is what the unit then holds. */
    record Accepted(LicenseBundle resultingHolding) implements RuleVerdict {
        public Accepted {
            if (resultingHolding == null) {
                throw new IllegalArgumentException("resultingHolding is required");
            }
        }

        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** The request breaks at least one rule; every broken rule is listed, in request order. */
    record Rejected(List<RuleViolation> violations) implements RuleVerdict {
        public Rejected {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one violation");
            }
        }

        @Override
        public boolean accepted() {
            return false;
        }

        /** The distinct reasons, in order of first appearance. */
        public List<RuleReason> reasons() {
            return violations.stream().map(RuleViolation::reason).distinct().toList();
        }
    }
}
