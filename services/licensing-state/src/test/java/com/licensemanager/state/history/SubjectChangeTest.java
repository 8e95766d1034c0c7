package com.licensemanager.state.history;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.BalanceChange;
import com.licensemanager.schemas.licensing.HistoryEntry;
import com.licensemanager.schemas.licensing.HistorySubjectKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed changes the history records, and what a history adds up to (no broker, no database). */
class SubjectChangeTest {

    private static final LicenseBundle TWO_CHANNELS_ONE_PBX = LicenseBundle.of(Map.of(
            LicenseCode.parse("Channels"), 2, LicenseCode.parse("PBX6#15"), 1));

    @Test
    void eachKindOfBalanceChangeMovesItsOwnFigureWithItsSign() {
        assertThat(SubjectChange.uploaded(TWO_CHANNELS_ONE_PBX)).extracting(SubjectChangeTest::figures)
                .containsExactlyInAnyOrder("Channels 2/0/0", "PBX6#15 1/0/0");
        assertThat(SubjectChange.used(TWO_CHANNELS_ONE_PBX, 1)).extracting(SubjectChangeTest::figures)
                .containsExactlyInAnyOrder("Channels 0/2/0", "PBX6#15 0/1/0");
        assertThat(SubjectChange.used(TWO_CHANNELS_ONE_PBX, -1)).extracting(SubjectChangeTest::figures)
                .containsExactlyInAnyOrder("Channels 0/-2/0", "PBX6#15 0/-1/0");
        assertThat(SubjectChange.transferred(TWO_CHANNELS_ONE_PBX)).extracting(SubjectChangeTest::figures)
                .containsExactlyInAnyOrder("Channels 0/0/2", "PBX6#15 0/0/1");
        assertThat(SubjectChange.lines(List.of(new BalanceLine("Channels", 5, 2, 1, 2)), -1))
                .extracting(SubjectChangeTest::figures).containsExactly("Channels -5/-2/-1");
        assertThat(SubjectChange.entered(TWO_CHANNELS_ONE_PBX, -1)).extracting(line -> line.getLicenseCode() + " "
                + line.getQuantity()).containsExactlyInAnyOrder("Channels -2", "PBX6#15 -1");
    }

    @Test
    void aBalancesEntriesAddUpToItsLinesAndAFullyRefundedCodeDropsOut() {
        List<HistoryEntry> entries = List.of(
                balance(SubjectChange.uploaded(TWO_CHANNELS_ONE_PBX)),
                balance(SubjectChange.used(LicenseBundle.of(LicenseCode.parse("Channels"), 1), 1)),
                balance(SubjectChange.transferred(LicenseBundle.of(LicenseCode.parse("Channels"), 1))),
                balance(List.of()),
                balance(SubjectChange.lines(List.of(new BalanceLine("Voicemail", 3, 1, 0, 2)), 1)),
                balance(SubjectChange.lines(List.of(new BalanceLine("Voicemail", 3, 1, 0, 2)), -1)));

        assertThat(HistorySums.balanceLines(entries)).containsExactly(
                new BalanceLine("Channels", 2, 1, 1, 0), new BalanceLine("PBX6#15", 1, 0, 0, 1));
    }

    @Test
    void aUnitsEntriesAddUpToItsLicensesARefundTakingOffWhatWasEntered() {
        List<HistoryEntry> entries = List.of(
                unit(SubjectChange.entered(TWO_CHANNELS_ONE_PBX, 1)),
                unit(List.of()),
                unit(SubjectChange.entered(LicenseBundle.of(LicenseCode.parse("PBX6#15"), 1), -1)),
                unit(List.of(new LicenseLine("Channels", 3))));

        assertThat(HistorySums.unitLicenses(entries)).containsExactlyEntriesOf(Map.of("Channels", 5));
    }

    @Test
    void everyChangeTheTableAdmitsIsASymbolOfThePublishedSchemaAndOnlyOtherIsLeftForLaterReaders() {
        List<String> published = Arrays.stream(com.licensemanager.schemas.licensing.HistoryChange.values())
                .map(Enum::name).toList();
        List<String> written = Arrays.stream(HistoryChange.values()).map(Enum::name).toList();
        assertThat(published).containsAll(written);
        assertThat(published).hasSize(written.size() + 1).contains("OTHER");
        assertThat(Arrays.stream(HistorySubjectKind.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(SubjectKind.values()).map(Enum::name).toList());
    }

    private static String figures(BalanceChange change) {
        return change.getLicenseCode() + " " + change.getUploaded() + "/" + change.getUsed() + "/"
                + change.getTransferred();
    }

    private static HistoryEntry balance(List<BalanceChange> changes) {
        return entry(SubjectChange.ofBalance("acct", HistoryChange.ADDED, null, changes, List.of()));
    }

    private static HistoryEntry unit(List<LicenseLine> entered) {
        return entry(SubjectChange.ofUnit("00-90-33-00-00-01", HistoryChange.ADDED, null, entered,
                LicenseBundle.empty(), null));
    }

    private static HistoryEntry entry(SubjectChange change) {
        return HistoryEntry.newBuilder().setEntryId("e").setPosition(0)
                .setSubjectKind(HistorySubjectKind.valueOf(change.kind().name())).setSubject(change.subject())
                .setChange(com.licensemanager.schemas.licensing.HistoryChange.valueOf(change.change().name()))
                .setRequestId("r").setOccurredAt(Instant.EPOCH).setLicenses(change.entered())
                .setBalanceChanges(change.balanceChanges()).setLicensesAfter(change.licensesAfter())
                .setLinesAfter(change.linesAfter()).build();
    }
}
