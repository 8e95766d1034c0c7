package com.licensemanager.requests;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.unit.Quote;
import com.licensemanager.requests.model.Account;
import com.licensemanager.requests.model.LicensingModel;
import com.licensemanager.requests.model.Unit;
import com.licensemanager.schemas.common.LicenseLine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static com.licensemanager.requests.model.LicensingModel.OVER;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;

/**
 * Chooses the license lines of orders and requests for {@link RequestGenerator}, from its seeded {@link Random}: what
 * the balance covers and the unit takes, mostly, and now and then too much, too many for the unit, or unreadable.
 * A group member's lines are within its group's budget for the phase or absurdly large ({@link LicensingModel#OVER}),
 * never in between, and a bad line is always alone: see {@link RandomRequestsModelTest} for why.
 */
final class LineChooser {

    /** Codes sold, with a typical quantity per order of an account. */
    private static final Map<String, Integer> TYPICAL = typical();
    private static final List<String> ALL_CODES = List.copyOf(TYPICAL.keySet());
    private static final List<String> MALFORMED_CODES = List.of("PBX7#15", "Channels#4", "Channels ", "",
            "PBX6#15@30", "Foo", "PBX6#015");

    private final Random random;
    private final LicensingModel model;

    LineChooser(Random random, LicensingModel model) {
        this.random = random;
        this.model = model;
    }

    /** About a typical order of each of six or more codes; {@code factor} times that of all codes. */
    List<LicenseLine> orderLines(int factor) {
        List<String> codes = new ArrayList<>(ALL_CODES);
        Collections.shuffle(codes, random);
        int count = factor > 1 ? codes.size() : 6 + random.nextInt(codes.size() - 5);
        List<LicenseLine> lines = new ArrayList<>();
        for (String code : codes.subList(0, count)) {
            int typical = TYPICAL.get(code) * factor;
            lines.add(line(code, Math.max(1, typical / 2 + random.nextInt(typical + 1))));
        }
        return lines;
    }

    /** Mostly what the balance has, sometimes too much or unreadable lines, or none. */
    List<LicenseLine> transferLines(Account account) {
        int variant = random.nextInt(100);
        List<LicenseLine> lines;
        if (variant < 55) {
            lines = new ArrayList<>();
            List<String> codes = shuffled(ALL_CODES);
            int wanted = 1 + random.nextInt(2);
            for (String code : codes) {
                int available = model.available(account, code);
                if (available > 0 && lines.size() < wanted) {
                    lines.add(line(code, 1 + random.nextInt(Math.min(available, 5))));
                }
            }
            if (lines.isEmpty()) {
                lines = overLine(account, anyCode());
            }
        } else if (variant < 80) {
            lines = overLine(account, anyCode());
        } else if (variant < 87) {
            lines = List.of(malformedLine());
        } else if (variant < 94) {
            lines = List.of(nonPositiveLine());
        } else {
            lines = List.of();
        }
        return lines;
    }

    /** Mostly lines the quote offers within the balance, sometimes too many, impossible or unreadable ones. */
    List<LicenseLine> randomLines(Account account, Unit unit) {
        int variant = random.nextInt(100);
        if (variant < 62) {
            List<LicenseLine> lines = offeredLines(account, unit);
            if (!lines.isEmpty()) {
                return lines;
            }
        }
        if (variant < 75) {
            List<LicenseCode> offered = new ArrayList<>(model.quote(unit).maxima().keySet());
            String code = offered.isEmpty() ? anyCode() : offered.get(random.nextInt(offered.size())).print();
            return overLine(account, code);
        }
        if (variant < 88) {
            // Anything at all, usually breaking a per-box rule.
            String code = anyCode();
            int quantity = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
            // A group member's line is within the budget or absurdly large, never in between.
            if (quantity > model.available(account, code) && account.inGroup) {
                quantity = OVER;
            }
            return List.of(line(code, quantity));
        }
        if (variant < 94) {
            return List.of(malformedLine());
        }
        if (variant < 98) {
            return List.of(nonPositiveLine());
        }
        return List.of();
    }

    private List<LicenseLine> offeredLines(Account account, Unit unit) {
        Quote quote = model.quote(unit);
        List<LicenseCode> offered = new ArrayList<>(quote.maxima().keySet());
        Collections.shuffle(offered, random);
        int wanted = 1 + random.nextInt(3);
        List<LicenseLine> lines = new ArrayList<>();
        for (LicenseCode code : offered) {
            int available = model.available(account, code.print());
            if (lines.size() == wanted || available <= 0) {
                continue;
            }
            int limit = Math.min(quote.maximumFor(code), available);
            if (random.nextInt(4) != 0) {
                limit = Math.min(limit, 4);
            }
            lines.add(line(code.print(), 1 + random.nextInt(limit)));
        }
        return lines;
    }

    /** More than the account has: for a group member absurdly more, so short in every interleaving. */
    private List<LicenseLine> overLine(Account account, String code) {
        return List.of(line(code, account.inGroup ? OVER : model.available(account, code) + 1 + random.nextInt(3)));
    }

    /**
     * One line that passes every check: available, and possible on the unit as it is and on an empty one. It goes
     * with a unit-level fault, so the request is rejected: a group member's line is kept back from the budget to stay
     * available in every interleaving ({@link LicensingModel#keepBack}).
     */
    List<LicenseLine> cleanLine(Account account, Unit unit) {
        for (String code : shuffled(ALL_CODES)) {
            if (model.available(account, code) < 1) {
                continue;
            }
            LicenseBundle one = LicenseBundle.of(LicenseCode.parse(code), 1);
            if (unit == null || model.possibleAsIsAndEmpty(unit, one)) {
                model.keepBack(account, one);
                return List.of(line(code, 1));
            }
        }
        return null;
    }

    private LicenseLine malformedLine() {
        return line(MALFORMED_CODES.get(random.nextInt(MALFORMED_CODES.size())), 1 + random.nextInt(3));
    }

    private LicenseLine nonPositiveLine() {
        return line(anyCode(), -random.nextInt(3));
    }

    private String anyCode() {
        return ALL_CODES.get(random.nextInt(ALL_CODES.size()));
    }

    private List<String> shuffled(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static Map<String, Integer> typical() {
        Map<String, Integer> typical = new LinkedHashMap<>();
        typical.put("PBX6#15", 8);
        typical.put("PBX6#30", 3);
        typical.put("PBX6#30@15", 4);
        typical.put("PBX6#60@30", 2);
        typical.put("PBX-Voicemail#15", 4);
        typical.put("Registrations", 150);
        typical.put("Channels", 80);
        typical.put("BRI", 15);
        typical.put("PRI", 8);
        typical.put("AB", 25);
        typical.put("PBX-Operator", 8);
        typical.put("PBX-SoftwarePhone", 25);
        typical.put("Relay-Gatekeeper", 15);
        typical.put("DECT-Multicell", 4);
        return typical;
    }
}
