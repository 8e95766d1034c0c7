package com.licensemanager.licensing.unit;

import com.licensemanager.licensing.catalogue.ProductModel;
import com.licensemanager.licensing.code.BaseLicense;
import com.licensemanager.licensing.code.CountLicense;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.SizedFamily;
import com.licensemanager.licensing.code.UpgradeLicense;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An independent, deliberately naive statement of "a unit never holds an impossible combination"
 * (ARCHITECTURE.md §5), to judge {@link UnitRules} against.
 */
final class Oracle {

    private Oracle() {
    }

    static boolean isPossible(ProductModel model, List<Integer> sizes, LicenseBundle holding) {
        int pbx = familySize(model, sizes, holding, SizedFamily.PBX);
        int voicemail = familySize(model, sizes, holding, SizedFamily.VOICEMAIL);
        if (pbx < 0 || voicemail < 0) {
            return false;
        }
        if (voicemail > 0 && (pbx == 0 || voicemail > pbx)) {
            return false;
        }
        for (CountLicense license : CountLicense.values()) {
            int q = holding.quantity(license);
            boolean ok = switch (license) {
                case REGISTRATIONS -> q <= pbx;
                case OPERATOR -> q == 0 || (model.pbxMaxRegistrations() > 0 && q <= model.operatorsMax());
                case SOFTPHONE -> q == 0 || (model.pbxMaxRegistrations() > 0 && q <= model.softphonesMax());
                case DECT_MULTICELL -> q == 0 || (model.dectMulticellMaster() && q == 1);
                case AB -> q <= model.abPorts();
                case BRI -> q <= model.briInterfaces();
                case PRI -> q <= model.priInterfaces();
                case CHANNELS -> q <= model.dspChannels();
                case RELAY_GATEKEEPER -> q <= model.gatekeeperMax();
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The size the family reaches, 0 when the unit has none of it, -1 when its licenses are impossible. */
    private static int familySize(ProductModel model, List<Integer> sizes, LicenseBundle holding, SizedFamily family) {
        List<BaseLicense> bases = new ArrayList<>();
        List<UpgradeLicense> upgrades = new ArrayList<>();
        for (Map.Entry<LicenseCode, Integer> e : holding.quantities().entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                if (e.getKey() instanceof BaseLicense b && b.family() == family) {
                    bases.add(b);
                } else if (e.getKey() instanceof UpgradeLicense u && u.family() == family) {
                    upgrades.add(u);
                }
            }
        }
        if (bases.isEmpty() && upgrades.isEmpty()) {
            return 0;
        }
        if (model.pbxMaxRegistrations() == 0 || bases.size() != 1) {
            return -1;
        }
        int size = bases.getFirst().size();
        if (!sizes.contains(size) || size > model.pbxMaxRegistrations()) {
            return -1;
        }
        upgrades.sort(Comparator.comparingInt(UpgradeLicense::fromSize));
        for (UpgradeLicense upgrade : upgrades) {
            if (upgrade.fromSize() != size || !sizes.contains(upgrade.toSize())
                    || upgrade.toSize() > model.pbxMaxRegistrations()) {
                return -1;
            }
            size = upgrade.toSize();
        }
        return size;
    }
}
