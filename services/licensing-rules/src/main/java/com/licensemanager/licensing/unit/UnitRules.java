package com.licensemanager.licensing.unit;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.catalogue.ProductModel;
import com.licensemanager.licensing.code.BaseLicense;
import com.licensemanager.licensing.code.CountLicense;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.SizedFamily;
import com.licensemanager.licensing.code.UpgradeLicense;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-box rules. Stateless apart from the license sizes on sale; immutable and thread-safe.
 *
 * <p>{@link #check} judges the state the unit would be in (held plus requested) and reports every
 * broken rule against the requested codes that break it. {@link #quote} is consistent with it: a
 * request of one code passes exactly when its quantity is within the quote, and a request of
 * several codes passes exactly when its lines, applied one at a time in canonical order (bases,
 * upgrades by size, voicemail, then count licenses), each stay within the quote of the unit as it
 * is at that moment.
 */
public final class UnitRules {

    private final List<Integer> licenseSizes;

    /** Rules using the license sizes on sale in {@code catalogue}. */
    public UnitRules(ProductCatalogue catalogue) {
        this(catalogue.licenseSizes());
    }

    /** Rules with an explicit ladder of license sizes on sale (ascending). */
    public UnitRules(List<Integer> licenseSizes) {
        this.licenseSizes = List.copyOf(licenseSizes);
        for (int i = 1; i < this.licenseSizes.size(); i++) {
            if (this.licenseSizes.get(i) <= this.licenseSizes.get(i - 1)) {
                throw new IllegalArgumentException("license sizes must be strictly ascending: " + licenseSizes);
            }
        }
    }

    public List<Integer> licenseSizes() {
        return licenseSizes;
    }

    /**
     * Which licenses, and how many, may still go on a unit of {@code model} holding {@code held}
     * ("only the maximum possible amount of licenses and license types will appear on a per box and
     * per already registered licenses basis").
     */
    public Quote quote(ProductModel model, LicenseBundle held) {
        TreeMap<LicenseCode, Integer> maxima = new TreeMap<>(LicenseCode.CANONICAL_ORDER);
        Chain pbx = chain(SizedFamily.PBX, held, LicenseBundle.empty());
        for (CountLicense license : CountLicense.values()) {
            int remaining = ceiling(model, license, pbx) - held.quantity(license);
            if (remaining > 0) {
                maxima.put(license, remaining);
            }
        }
        if (model.supportsPbx()) {
            offerSized(SizedFamily.PBX, pbx, model.pbxMaxRegistrations(), maxima);
            if (pbx.hasBase()) {
                Chain voicemail = chain(SizedFamily.VOICEMAIL, held, LicenseBundle.empty());
                offerSized(SizedFamily.VOICEMAIL, voicemail,
                        Math.min(model.pbxMaxRegistrations(), pbx.effectiveSize()), maxima);
            }
        }
        return new Quote(model.name(), maxima);
    }

    /**
     * Whether {@code request} may go on a unit of {@code model} holding {@code held}. A rejection
     * lists every broken rule; an empty request is accepted (it changes nothing).
     */
    public RuleVerdict check(ProductModel model, LicenseBundle held, LicenseBundle request) {
        Judgement judgement = new Judgement(model, held, request);
        request.quantities().forEach(judgement::judge);
        return judgement.violations.isEmpty()
                ? new RuleVerdict.Accepted(held.plus(request))
                : new RuleVerdict.Rejected(judgement.violations);
    }

    /**
     * The broken rules of a whole holding, as if it were requested on a new unit: empty when the
     * holding is possible. Vendor staff use it to find impossible licenses to refund.
     */
    public List<RuleViolation> violationsOf(ProductModel model, LicenseBundle holding) {
        return switch (check(model, LicenseBundle.empty(), holding)) {
            case RuleVerdict.Accepted accepted -> List.of();
            case RuleVerdict.Rejected rejected -> rejected.violations();
        };
    }

    private int ceiling(ProductModel model, CountLicense license, Chain pbx) {
        if (license == CountLicense.REGISTRATIONS) {
            return model.supportsPbx() ? pbx.effectiveSize() : 0;
        }
        return model.maximumFor(license);
    }

    private void offerSized(SizedFamily family, Chain chain, int limit, Map<LicenseCode, Integer> maxima) {
        if (!chain.hasBase()) {
            licenseSizes.stream().filter(s -> s <= limit).forEach(s -> maxima.put(new BaseLicense(family, s), 1));
        } else if (licenseSizes.contains(chain.effectiveSize())) {
            int from = chain.effectiveSize();
            licenseSizes.stream().filter(s -> s > from && s <= limit)
                    .forEach(s -> maxima.put(new UpgradeLicense(family, from, s), 1));
        }
    }

    /**
     * The size a family reaches on the unit: its base, then the upgrades that chain from it
     * (an upgrade X@Y applies when the family is at Y). When several upgrades could apply, a held
     * one wins, so a request can never be judged as if it replaced what the unit already holds.
     */
    static Chain chain(SizedFamily family, LicenseBundle held, LicenseBundle request) {
        Optional<Integer> start = smallestBase(family, held).or(() -> smallestBase(family, request));
        if (start.isEmpty()) {
            return new Chain(false, 0, Set.of());
        }
        Set<UpgradeLicense> pool = new HashSet<>();
        pool.addAll(upgrades(family, held));
        pool.addAll(upgrades(family, request));
        Set<UpgradeLicense> consumed = new HashSet<>();
        int current = start.get();
        while (true) {
            int at = current;
            Optional<UpgradeLicense> next = pool.stream()
                    .filter(u -> u.fromSize() == at && !consumed.contains(u))
                    .min(Comparator.<UpgradeLicense, Boolean>comparing(u -> !held.contains(u))
                            .thenComparingInt(UpgradeLicense::toSize));
            if (next.isEmpty()) {
                return new Chain(true, current, Set.copyOf(consumed));
            }
            consumed.add(next.get());
            current = next.get().toSize();
        }
    }

    private static Optional<Integer> smallestBase(SizedFamily family, LicenseBundle bundle) {
        return bundle.quantities().keySet().stream()
                .filter(c -> c instanceof BaseLicense b && b.family() == family)
                .map(c -> ((BaseLicense) c).size())
                .min(Integer::compare);
    }

    private static List<UpgradeLicense> upgrades(SizedFamily family, LicenseBundle bundle) {
        return bundle.quantities().keySet().stream()
                .filter(c -> c instanceof UpgradeLicense u && u.family() == family)
                .map(UpgradeLicense.class::cast)
                .toList();
    }

    record Chain(boolean hasBase, int effectiveSize, Set<UpgradeLicense> applied) {
    }

    /** One check: the unit's would-be state and the violations found so far. */
    private final class Judgement {
        private final ProductModel model;
        private final LicenseBundle held;
        private final LicenseBundle after;
        private final Chain pbx;
        private final Chain voicemail;
        private final List<RuleViolation> violations = new ArrayList<>();

        Judgement(ProductModel model, LicenseBundle held, LicenseBundle request) {
            this.model = model;
            this.held = held;
            this.after = held.plus(request);
            this.pbx = chain(SizedFamily.PBX, held, request);
            this.voicemail = chain(SizedFamily.VOICEMAIL, held, request);
        }

        void judge(LicenseCode code, int requested) {
            switch (code) {
                case CountLicense count -> count(count, requested);
                case BaseLicense base -> base(base, requested);
                case UpgradeLicense upgrade -> upgrade(upgrade, requested);
            }
        }

        private void count(CountLicense license, int requested) {
            int total = after.quantity(license);
            String amounts = amounts(license, requested);
            switch (license) {
                case AB -> interfaces(license, RuleReason.AB_NOT_SUPPORTED, "analogue (a/b)", model.abPorts(), total, amounts);
                case BRI -> interfaces(license, RuleReason.BRI_NOT_SUPPORTED, "BRI", model.briInterfaces(), total, amounts);
                case PRI -> interfaces(license, RuleReason.PRI_NOT_SUPPORTED, "PRI", model.priInterfaces(), total, amounts);
                case CHANNELS -> {
                    if (total > model.dspChannels()) {
                        add(RuleReason.CHANNELS_ABOVE_DSP_MAXIMUM, license, model.name() + " has "
                                + model.dspChannels() + " DSP channels; " + amounts + " exceeds that");
                    }
                }
                case DECT_MULTICELL -> {
                    if (!model.dectMulticellMaster()) {
                        add(RuleReason.DECT_MULTICELL_NOT_MASTER, license, model.name()
                                + " cannot be a DECT multicell master; the license belongs on the master IP1200");
                    }
                    if (total > 1) {
                        add(RuleReason.DECT_MULTICELL_MORE_THAN_ONE, license,
                                "a unit takes at most one DECT multicell license; " + amounts);
                    }
                }
                case REGISTRATIONS -> {
                    if (!model.supportsPbx()) {
                        add(RuleReason.PBX_NOT_SUPPORTED, license, model.name() + " cannot run the PBX");
                    } else if (total > pbx.effectiveSize()) {
                        add(RuleReason.REGISTRATIONS_ABOVE_PBX_SIZE, license, pbx.hasBase()
                                ? "the unit's PBX is licensed for " + pbx.effectiveSize() + " registrations; "
                                  + amounts + " exceeds that"
                                : "the unit has no PBX base license, so it takes no registrations");
                    }
                }
                case OPERATOR, SOFTPHONE, RELAY_GATEKEEPER -> {
                    if (license != CountLicense.RELAY_GATEKEEPER && !model.supportsPbx()) {
                        add(RuleReason.PBX_NOT_SUPPORTED, license, model.name() + " cannot run the PBX");
                    } else if (total > model.maximumFor(license)) {
                        add(RuleReason.PER_BOX_MAXIMUM_EXCEEDED, license, model.name() + " takes at most "
                                + model.maximumFor(license) + " " + license.print() + "; " + amounts + " exceeds that");
                    }
                }
            }
        }

        private void interfaces(CountLicense license, RuleReason unsupported, String kind, int available,
                                int total, String amounts) {
            if (available == 0) {
                add(unsupported, license, model.name() + " has no " + kind + " interfaces");
            } else if (total > available) {
                add(RuleReason.PER_BOX_MAXIMUM_EXCEEDED, license,
                        model.name() + " has " + available + " " + kind + " interfaces; " + amounts + " exceeds that");
            }
        }

        private void base(BaseLicense base, int requested) {
            if (!sizedAllowed(base, base.size(), base.size())) {
                return;
            }
            SizedFamily family = base.family();
            if (held.contains(base) || requested > 1) {
                add(family == SizedFamily.PBX ? RuleReason.DUPLICATE_PBX_BASE : RuleReason.DUPLICATE_VOICEMAIL_BASE,
                        base, "a unit takes one " + base.print() + "; " + amounts(base, requested));
            }
            List<String> others = after.quantities().keySet().stream()
                    .filter(c -> c instanceof BaseLicense b && b.family() == family && !b.equals(base))
                    .map(LicenseCode::print)
                    .toList();
            if (!others.isEmpty()) {
                add(family == SizedFamily.PBX ? RuleReason.SECOND_PBX_BASE : RuleReason.SECOND_VOICEMAIL_BASE,
                        base, "the unit would also hold " + String.join(", ", others)
                                + "; a unit takes one " + family.prefix() + " base, larger sizes come as upgrades");
            }
            if (family == SizedFamily.VOICEMAIL) {
                voicemailFitsPbx(base, base.size());
            }
        }

        private void upgrade(UpgradeLicense upgrade, int requested) {
            if (!sizedAllowed(upgrade, upgrade.fromSize(), upgrade.toSize())) {
                return;
            }
            if (held.contains(upgrade) || requested > 1) {
                add(RuleReason.DUPLICATE_UPGRADE, upgrade,
                        "a unit takes one " + upgrade.print() + "; " + amounts(upgrade, requested));
            }
            Chain chain = upgrade.family() == SizedFamily.PBX ? pbx : voicemail;
            if (!chain.hasBase()) {
                add(RuleReason.UPGRADE_WITHOUT_BASE, upgrade, "the unit neither holds nor gets a "
                        + upgrade.family().prefix() + " base license to upgrade from "
                        + new BaseLicense(upgrade.family(), upgrade.fromSize()).print());
            } else if (!chain.applied().contains(upgrade)) {
                add(RuleReason.UPGRADE_BASE_MISMATCH, upgrade, upgrade.print() + " upgrades from "
                        + upgrade.fromSize() + " registrations, but the unit's " + upgrade.family().prefix()
                        + " is at " + chain.effectiveSize());
            }
            if (upgrade.family() == SizedFamily.VOICEMAIL) {
                voicemailFitsPbx(upgrade, upgrade.toSize());
            }
        }

        /** Model-level checks shared by bases and upgrades; false when the model has no PBX at all. */
        private boolean sizedAllowed(LicenseCode code, int fromSize, int toSize) {
            if (!model.supportsPbx()) {
                add(RuleReason.PBX_NOT_SUPPORTED, code, model.name() + " cannot run the PBX");
                return false;
            }
            if (!licenseSizes.contains(fromSize) || !licenseSizes.contains(toSize)) {
                add(RuleReason.UNKNOWN_LICENSE_SIZE, code, code.print() + " names a size that is not on sale; sizes: "
                        + licenseSizes);
            }
            if (toSize > model.pbxMaxRegistrations()) {
                add(RuleReason.SIZE_ABOVE_MODEL_MAXIMUM, code, model.name() + " runs a PBX of at most "
                        + model.pbxMaxRegistrations() + " registrations; " + code.print() + " needs " + toSize);
            }
            return true;
        }

        private void voicemailFitsPbx(LicenseCode code, int size) {
            if (!pbx.hasBase()) {
                add(RuleReason.VOICEMAIL_WITHOUT_PBX_BASE, code,
                        "the unit neither holds nor gets a PBX base license, which voicemail needs");
            } else if (size > pbx.effectiveSize()) {
                add(RuleReason.VOICEMAIL_ABOVE_PBX_SIZE, code, code.print() + " is for " + size
                        + " registrations but the unit's PBX is licensed for " + pbx.effectiveSize());
            }
        }

        private String amounts(LicenseCode code, int requested) {
            int alreadyHeld = held.quantity(code);
            return alreadyHeld == 0
                    ? requested + " requested"
                    : alreadyHeld + " held + " + requested + " requested = " + (alreadyHeld + requested);
        }

        private void add(RuleReason reason, LicenseCode code, String message) {
            violations.add(new RuleViolation(reason, code, message));
        }
    }
}
