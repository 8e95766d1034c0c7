package com.licensemanager.requests.units;

import com.licensemanager.requests.decision.Actor;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.RequestBatch;
import com.licensemanager.requests.decision.TextInput;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.LicenseFileDownloaded;
import com.licensemanager.schemas.licensing.UnitUpdated;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.UnitDetails;

import java.util.ArrayList;
import java.util.List;

/** What an owner tells about its unit, whom it shares it with, and the download of its license file. */
public class UnitSharing {

    private final UnitAccess access = new UnitAccess();

    public Verdict share(RequestBatch batch, Actor actor, ShareUnitWithEndUser command, Changes changes) {
        return switch (access.asOwner(batch, actor, command.getMac())) {
            case UnitAccess.Denied denied -> denied.verdict();
            case UnitAccess.Granted granted -> {
                List<Rejection> input = new ArrayList<>();
                TextInput.check("endUserEmail", command.getEndUserEmail(), TextInput.EMAIL, input);
                if (!input.isEmpty()) {
                    yield Verdict.rejected(input);
                }
                var endUser = batch.accounts().findByEmail(Accounts.normalisedEmail(command.getEndUserEmail()));
                if (endUser.isEmpty()) {
                    yield Verdict.rejected(Reason.END_USER_UNKNOWN, command.getEndUserEmail(),
                            "no License Manager account has the e-mail " + command.getEndUserEmail());
                }
                batch.shareWith(granted.unit(), endUser.get().accountId());
                changes.unit(granted.unit().mac());
                changes.record(unchanged(batch, granted.unit(), HistoryChange.SHARED, endUser.get().accountId()));
                yield Verdict.accepted(new UnitUpdated(granted.unit().mac()));
            }
        };
    }

    public Verdict setDetails(RequestBatch batch, Actor actor, SetUnitDetails command, Changes changes) {
        return switch (access.asOwner(batch, actor, command.getMac())) {
            case UnitAccess.Denied denied -> denied.verdict();
            case UnitAccess.Granted granted -> {
                var details = TextInput.unitDetails(command.getEndCustomer(), command.getLocation(),
                        command.getComment1(), command.getComment2());
                if (!details.isEmpty()) {
                    yield Verdict.rejected(details);
                }
                batch.updateDetails(granted.unit(), new UnitDetails(command.getEndCustomer(),
                        command.getLocation(), command.getComment1(), command.getComment2()));
                changes.unit(granted.unit().mac());
                changes.record(unchanged(batch, granted.unit(), HistoryChange.DETAILS_CHANGED, null));
                yield Verdict.accepted(new UnitUpdated(granted.unit().mac()));
            }
        };
    }

    /** A change that leaves the unit's licenses and owner as they are. */
    private static SubjectChange unchanged(RequestBatch batch, Unit unit, HistoryChange change, String related) {
        return SubjectChange.ofUnit(unit.mac(), change, related, batch.licensesOf(unit.mac()), unit.owner());
    }

    public Verdict download(RequestBatch batch, Actor actor, DownloadLicenseFile command) {
        return switch (access.asReader(batch, actor, command.getMac())) {
            case UnitAccess.Denied denied -> denied.verdict();
            case UnitAccess.Granted granted -> {
                Unit unit = granted.unit();
                var file = unit.inRma() || unit.movedTo() != null ? java.util.Optional.<com.licensemanager.schemas.common.LicenseFile>empty()
                        : batch.latestFileOf(unit.mac());
                yield file.map(f -> Verdict.accepted(new LicenseFileDownloaded(f)))
                        .orElseGet(() -> Verdict.rejected(Reason.LICENSE_FILE_NOT_AVAILABLE, unit.mac(),
                                "unit " + unit.mac() + " has no license file to download"));
            }
        };
    }
}
