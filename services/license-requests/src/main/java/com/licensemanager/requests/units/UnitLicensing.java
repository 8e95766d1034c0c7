package com.licensemanager.requests.units;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.unit.Quote;
import com.licensemanager.licensing.unit.RuleVerdict;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.requests.decision.Actor;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.Rejections;
import com.licensemanager.requests.decision.RequestBatch;
import com.licensemanager.requests.decision.RequestedLicenses;
import com.licensemanager.requests.decision.TextInput;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.AssignmentQuoted;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.UnitDetails;
import com.licensemanager.state.units.LicenseEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Putting licenses on units: the quote ("only the maximum possible amount ... will appear"), the first assignment
 * and later additions. A request is checked as a whole against the per-box rules and the balance and either fully
 * applied or rejected with every broken rule.
 */
public class UnitLicensing {

    private final UnitAccess access;
    private final UnitRules rules;
    private final ProductCatalogue catalogue;

    public UnitLicensing(UnitRules rules, ProductCatalogue catalogue) {
        this.access = new UnitAccess();
        this.rules = rules;
        this.catalogue = catalogue;
    }

    public Verdict quote(RequestBatch batch, Actor actor, QuoteAssignment command) {
        return switch (access.toQuote(batch, actor, command.getMac(), command.getChecksum())) {
            case UnitAccess.Denied denied -> denied.verdict();
            case UnitAccess.Granted granted -> {
                Unit unit = granted.unit();
                Quote quote = rules.quote(catalogue.require(unit.model()), batch.licensesOf(unit.mac()));
                LicenseBundle offered = LicenseBundle.of(quote.maxima());
                Map<LicenseCode, Integer> available = batch.balances().available(actor.balanceOwner(), offered);
                List<LicenseLine> perBox = new ArrayList<>();
                List<LicenseLine> assignable = new ArrayList<>();
                quote.maxima().forEach((code, max) -> {
                    perBox.add(new LicenseLine(code.print(), max));
                    int now = Math.min(max, available.get(code));
                    if (now > 0) {
                        assignable.add(new LicenseLine(code.print(), now));
                    }
                });
                yield Verdict.accepted(new AssignmentQuoted(unit.mac(), unit.model(), perBox, assignable));
            }
        };
    }

    public Verdict assign(RequestBatch batch, Actor actor, AssignLicenses command, String requestId,
                          Changes changes) {
        return switch (access.toLicense(batch, actor, command.getMac(), command.getChecksum())) {
            case UnitAccess.Denied denied -> denied.verdict();
            case UnitAccess.Granted granted -> {
                Unit unit = granted.unit();
                if (unit.owner() != null) {
                    yield Verdict.rejected(Reason.UNIT_ALREADY_LICENSED, unit.mac(), "unit " + unit.mac()
                            + " already holds licenses; add licenses to it instead");
                }
                List<Rejection> details = TextInput.unitDetails(command.getEndCustomer(), command.getLocation(),
                        command.getComment1(), command.getComment2());
                if (!details.isEmpty()) {
                    yield Verdict.rejected(details);
                }
                Verdict verdict = put(batch, actor, unit, command.getLicenses(), LicenseEntry.ASSIGNED, requestId,
                        changes);
                if (verdict.accepted()) {
                    batch.claim(unit, actor.balanceOwner(), actor.accountId(), new UnitDetails(
                            command.getEndCustomer(), command.getLocation(), command.getComment1(), command.getComment2()));
                }
                yield verdict;
            }
        };
    }

    public Verdict add(RequestBatch batch, Actor actor, AddLicenses command, String requestId, Changes changes) {
        return switch (access.toAddTo(batch, actor, command.getMac())) {
            case UnitAccess.Denied denied -> denied.verdict();
            case UnitAccess.Granted granted ->
                    put(batch, actor, granted.unit(), command.getLicenses(), LicenseEntry.ADDED, requestId,
                            changes);
        };
    }

    private Verdict put(RequestBatch batch, Actor actor, Unit unit, List<LicenseLine> lines, LicenseEntry entry, String requestId,
                        Changes changes) {
        RequestedLicenses.Parsed requested = RequestedLicenses.parse(lines);
        LicenseBundle held = batch.licensesOf(unit.mac());
        List<Rejection> rejections = new ArrayList<>(requested.rejections());
        if (rules.check(catalogue.require(unit.model()), held, requested.bundle()) instanceof RuleVerdict.Rejected rejected) {
            rejected.violations().forEach(violation -> rejections.add(Rejections.of(violation)));
        }
        batch.balances().shortfalls(actor.balanceOwner(), requested.bundle()).forEach(s -> rejections.add(Rejections.of(s)));
        if (!rejections.isEmpty()) {
            return Verdict.rejected(rejections);
        }
        batch.balances().debitUsed(actor.balanceOwner(), requested.bundle());
        LicenseFile file = batch.putLicenses(unit, requested.bundle(), entry, requestId);
        LicenseBundle now = held.plus(requested.bundle());
        changes.unit(unit.mac());
        changes.balance(actor.balanceOwner());
        // Assigned or added, the unit is the actor's balance owner's afterwards (claimed now, or owned before).
        HistoryChange change = entry == LicenseEntry.ASSIGNED ? HistoryChange.LICENSED : HistoryChange.ADDED;
        changes.record(SubjectChange.ofUnit(unit.mac(), change, null, SubjectChange.entered(requested.bundle(), 1),
                now, actor.balanceOwner()));
        changes.record(SubjectChange.ofBalance(actor.balanceOwner(), change, unit.mac(),
                SubjectChange.used(requested.bundle(), 1), batch.balances().lines(actor.balanceOwner())));
        return Verdict.accepted(new LicensesAssigned(unit.mac(), LicenseLines.toLines(requested.bundle()),
                LicenseLines.toLines(now), file));
    }

}
