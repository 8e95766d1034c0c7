package com.licensemanager.requests;

import com.licensemanager.licensing.key.ActivationKey;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.schemas.admin.AddAccountToGroup;
import com.licensemanager.schemas.admin.CreateGroup;
import com.licensemanager.schemas.admin.EnableMoveContract;
import com.licensemanager.schemas.admin.RefundImpossibleLicense;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.AccountRegistered;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.AssignmentQuoted;
import com.licensemanager.schemas.licensing.BalanceOwnerKind;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicenseFileDownloaded;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitUpdated;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.licensemanager.platform.db.Tables.BALANCE;
import static com.licensemanager.platform.db.Tables.UNIT;
import static com.licensemanager.platform.db.Tables.UNIT_LICENSE;
import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rejection reason of the contract, each produced over the real broker, registry and PostgreSQL by at least
 * one test, plus per-box rule reasons and malformed MACs through AssignLicenses, the re-sent request and "a
 * rejection changes nothing".
 *
 * <p>Each test declares with {@link Produces} the {@link Reason}s it makes the service give, and a check after each
 * test makes sure it really saw them; {@link #everyReasonIsProducedByATest()} makes sure the declarations cover the
 * whole enum except {@link #PRODUCED_BY_MOVES_AND_RMA_TESTS}. So a reason added to {@link Reason} without a test fails the build.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class RejectionReasonsIntegrationTest {

    /** The reasons this test class produces; checked against what the test saw. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Produces {
        Reason[] value();
    }

    /**
     * Reasons produced by the tests of another module, because the commands that lead to them need the repair desk
     * and the move-deadline worker: services/move-deadlines/src/test/.../MovesAndRmaIntegrationTest (which boots
     * every consumer) produces each of them. A new reason without a test anywhere still fails this check.
     */
    private static final Map<Reason, String> PRODUCED_BY_MOVES_AND_RMA_TESTS = Map.of(
            Reason.UNIT_IN_RMA, "movesAndRepairNotificationsThatBreakARuleAreRejectedWithTheirReason",
            Reason.LICENSE_FILE_NOT_AVAILABLE, "aMoveShowsCopyOfAndMovedToAndTheOldUnitsFileCannotBeDownloaded",
            Reason.MOVE_CONTRACT_MISSING, "movesAndRepairNotificationsThatBreakARuleAreRejectedWithTheirReason",
            Reason.UNIT_LICENSES_MOVED, "movesAndRepairNotificationsThatBreakARuleAreRejectedWithTheirReason",
            Reason.UNIT_NOT_IN_RMA, "movesAndRepairNotificationsThatBreakARuleAreRejectedWithTheirReason",
            Reason.UNIT_ALREADY_IN_RMA, "movesAndRepairNotificationsThatBreakARuleAreRejectedWithTheirReason",
            Reason.NO_OPEN_MOVE, "movesAndRepairNotificationsThatBreakARuleAreRejectedWithTheirReason",
            Reason.MOVE_ALREADY_CHARGED, "aMoveWhoseDeadlinePassesIsInvoicedExactlyOnce");

    /** Given to requests that could not be handled; produced by {@code DeadLetterAnswerIntegrationTest}. */
    private static final Map<Reason, String> PRODUCED_BY_DEAD_LETTER_TESTS = Map.of(
            Reason.REQUEST_FAILED, "aDeadLetteredRequestIsAnsweredOnceEvenWhenReplayedOrResent");

    /** The limits of hostile input; produced by {@code direct/HostileInputDecisionsTest}, on PostgreSQL alone. */
    private static final Map<Reason, String> PRODUCED_BY_HOSTILE_INPUT_TESTS = Map.of(
            Reason.TEXT_TOO_LONG, "tenThousandCharacterTextsAreRefusedNamingTheField",
            Reason.TEXT_HAS_CONTROL_CHARACTERS, "controlCharactersAreRefusedNamingTheField",
            Reason.QUANTITY_TOO_LARGE, "hugeQuantitiesAndAThousandLinesAreAnsweredAndNeverOverflow",
            Reason.TOO_MANY_LINES, "hugeQuantitiesAndAThousandLinesAreAnsweredAndNeverOverflow");

    /** Reasons kept in the enum for readers of older results, no longer given (see {@link Reason}). */
    private static final Set<Reason> RETIRED = EnumSet.of(Reason.UNIT_NOT_SHIPPED);

    @Autowired
    DSLContext db;

    private final Set<String> observed = new HashSet<>();

    // ---------------------------------------------------------------- the reasons are covered

    @Test
    void everyReasonIsProducedByATest() {
        Set<Reason> declared = EnumSet.noneOf(Reason.class);
        for (Method method : getClass().getDeclaredMethods()) {
            Produces produces = method.getAnnotation(Produces.class);
            if (produces != null) {
                assertThat(method.isAnnotationPresent(Test.class)).as("%s is a test", method.getName()).isTrue();
                declared.addAll(Arrays.asList(produces.value()));
            }
        }
        Set<Reason> expected = EnumSet.allOf(Reason.class);
        expected.removeAll(PRODUCED_BY_MOVES_AND_RMA_TESTS.keySet());
        expected.removeAll(RETIRED);
        expected.removeAll(PRODUCED_BY_DEAD_LETTER_TESTS.keySet());
        expected.removeAll(PRODUCED_BY_HOSTILE_INPUT_TESTS.keySet());
        assertThat(declared).as("reasons produced by a test").containsExactlyInAnyOrderElementsOf(expected);
    }

    @AfterEach
    void theDeclaredReasonsWereSeen(TestInfo test) {
        Produces produces = test.getTestMethod().orElseThrow().getAnnotation(Produces.class);
        if (produces != null) {
            assertThat(observed).as("reasons seen by %s", test.getDisplayName())
                    .containsAll(Arrays.stream(produces.value()).map(Enum::name).toList());
        }
    }

    /** Asserts the rejection with exactly these reasons and remembers them as seen. */
    private Answer rejected(Answer answer, String... reasons) {
        answer.assertRejected(reasons);
        observed.addAll(List.of(reasons));
        return answer;
    }

    private Answer rejected(Answer answer, Reason... reasons) {
        return rejected(answer, Arrays.stream(reasons).map(Enum::name).toArray(String[]::new));
    }

    // ---------------------------------------------------------------- accounts

    @Test
    @Produces({Reason.EMAIL_INVALID, Reason.COMPANY_MISSING})
    void registrationReportsABadEmailAndAMissingCompanyTogether() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = LicensingPortal.newAccountId();

        rejected(portal.call(account, new RegisterAccount("not-an-email", "  ")),
                Reason.EMAIL_INVALID, Reason.COMPANY_MISSING);
        for (String invalid : List.of("", "someone@localhost", "some one@example.com", "a@b@example.com",
                "@example.com")) {
            rejected(portal.call(account, new RegisterAccount(invalid, "Example")), Reason.EMAIL_INVALID);
        }
        rejected(portal.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "")),
                Reason.COMPANY_MISSING);

        // Nothing was registered by the rejections: the account registers now, with its e-mail trimmed and lowered.
        AccountRegistered registered = portal.call(account, new RegisterAccount(
                        " " + LicensingPortal.emailOf(account).toUpperCase(Locale.ROOT) + "\t", "Example"))
                .outcome(AccountRegistered.class);
        assertThat(registered.getEmail()).isEqualTo(LicensingPortal.emailOf(account));
        assertThat(registered.getAccountId()).isEqualTo(account);
    }

    @Test
    @Produces({Reason.ACCOUNT_ALREADY_REGISTERED, Reason.EMAIL_ALREADY_REGISTERED})
    void anAccountRegistersOnceAndAnEmailBelongsToOneAccount() {
        LicensingPortal portal = new LicensingPortal(db);
        String first = portal.registerNewAccount();
        BalanceState state = portal.awaitBalance(first, s -> true);
        assertThat(state.getOwnerKind()).isEqualTo(BalanceOwnerKind.ACCOUNT);
        assertThat(state.getMembers()).containsExactly(first);
        assertThat(state.getLines()).isEmpty();

        rejected(portal.call(first, new RegisterAccount("other-" + LicensingPortal.emailOf(first), "Example")),
                Reason.ACCOUNT_ALREADY_REGISTERED);
        String second = LicensingPortal.newAccountId();
        rejected(portal.call(second, new RegisterAccount(" " + LicensingPortal.emailOf(first).toUpperCase(Locale.ROOT),
                "Example")), Reason.EMAIL_ALREADY_REGISTERED);
        // The second account is not registered by that.
        rejected(portal.call(second, new QuoteAssignment(portal.newMac(), null)), Reason.ACCOUNT_NOT_REGISTERED);
    }

    /** "ALL reasons found are reported together", also when one of them needs a look-up. */
    @Test
    void aTakenEmailIsReportedTogetherWithAMissingCompany() {
        LicensingPortal portal = new LicensingPortal(db);
        String first = portal.registerNewAccount();
        String second = LicensingPortal.newAccountId();

        Answer answer = portal.call(second, new RegisterAccount(LicensingPortal.emailOf(first), " "));

        assertThat(answer.reasons()).containsExactlyInAnyOrder("EMAIL_ALREADY_REGISTERED", "COMPANY_MISSING");
    }

    @Test
    @Produces(Reason.ACCOUNT_NOT_REGISTERED)
    void anUnregisteredAccountMayOnlyRegister() {
        LicensingPortal portal = new LicensingPortal(db);
        String stranger = LicensingPortal.newAccountId();
        String mac = portal.ship("IP811");
        List<Object> commands = List.of(
                new RedeemActivationKey(ActivationKey.generate().toString()),
                new QuoteAssignment(mac, null),
                new AssignLicenses(mac, null, List.of(line("Channels", 1)), null, null, null, null),
                new AddLicenses(mac, List.of(line("Channels", 1))),
                new CreateTransferKey(List.of(line("Channels", 1))),
                new ShareUnitWithEndUser(mac, "someone@example.com"),
                new SetUnitDetails(mac, "x", null, null, null),
                new DownloadLicenseFile(mac));
        for (Object command : commands) {
            rejected(portal.call(stranger, command), Reason.ACCOUNT_NOT_REGISTERED);
        }
    }

    // ---------------------------------------------------------------- activation keys

    @Test
    @Produces({Reason.KEY_MALFORMED, Reason.KEY_UNKNOWN, Reason.KEY_ALREADY_REDEEMED})
    void keysThatCannotBeRedeemed() {
        LicensingPortal portal = new LicensingPortal(db);
        String first = portal.registerNewAccount();
        String second = portal.registerNewAccount();
        ActivationKeyIssued key = portal.issueKey(line("Channels", 3));

        rejected(portal.call(first, new RedeemActivationKey("ABCDE-12345")), Reason.KEY_MALFORMED);
        rejected(portal.call(first, new RedeemActivationKey(mistype(key.getActivationKey()))), Reason.KEY_MALFORMED);
        rejected(portal.call(first, new RedeemActivationKey(ActivationKey.generate().toString())), Reason.KEY_UNKNOWN);

        // Typed sloppily: lower case, spaces for hyphens, O for 0 and l for 1: the same key.
        KeyRedeemed redeemed = portal.redeem(first, typedSloppily(key.getActivationKey()));
        assertThat(redeemed.getActivationKey()).isEqualTo(key.getActivationKey());
        assertThat(figures(redeemed.getBalance())).isEqualTo(Map.of("Channels", List.of(3, 0, 0, 3)));

        Answer again = rejected(portal.call(second, new RedeemActivationKey(key.getScanPayload())),
                Reason.KEY_ALREADY_REDEEMED);
        assertThat(again.rejection("KEY_ALREADY_REDEEMED").getSubject()).isEqualTo(key.getActivationKey());
        rejected(portal.call(first, new RedeemActivationKey(key.getActivationKey())), Reason.KEY_ALREADY_REDEEMED);

        assertThat(figures(portal.awaitBalance(first, s -> !s.getActivations().isEmpty()).getLines()))
                .as("redeemed once").isEqualTo(Map.of("Channels", List.of(3, 0, 0, 3)));
        assertThat(portal.awaitBalance(second, s -> true).getLines()).isEmpty();
    }

    @Test
    @Produces(Reason.REDEMPTION_THROTTLED)
    void fiveFailedRedemptionsThrottleTheAccount() {
        LicensingPortal portal = new LicensingPortal(db);
        String guesser = portal.registerNewAccount();
        String other = portal.registerNewAccount();
        List<ActivationKeyIssued> keys = portal.issueKeys(List.of(
                List.of(line("AB", 1)), List.of(line("AB", 2)), List.of(line("AB", 3))));
        portal.redeem(other, keys.get(0).getActivationKey());

        // Four failures of every kind, then a valid key still works ...
        rejected(portal.call(guesser, new RedeemActivationKey("not a key")), Reason.KEY_MALFORMED);
        for (int i = 0; i < 2; i++) {
            rejected(portal.call(guesser, new RedeemActivationKey(ActivationKey.generate().toString())),
                    Reason.KEY_UNKNOWN);
        }
        rejected(portal.call(guesser, new RedeemActivationKey(keys.get(0).getActivationKey())),
                Reason.KEY_ALREADY_REDEEMED);
        assertThat(figures(portal.redeem(guesser, keys.get(1).getActivationKey()).getBalance()))
                .isEqualTo(Map.of("AB", List.of(2, 0, 0, 2)));

        // ... the fifth failure throttles: no look-up at all, whatever is entered.
        rejected(portal.call(guesser, new RedeemActivationKey(mistype(keys.get(2).getActivationKey()))),
                Reason.KEY_MALFORMED);
        rejected(portal.call(guesser, new RedeemActivationKey(keys.get(2).getActivationKey())),
                Reason.REDEMPTION_THROTTLED);
        rejected(portal.call(guesser, new RedeemActivationKey("still not a key")), Reason.REDEMPTION_THROTTLED);
        rejected(portal.call(guesser, new RedeemActivationKey(keys.get(0).getActivationKey())),
                Reason.REDEMPTION_THROTTLED);

        // The key the throttled account tried is untouched; other accounts are not throttled.
        assertThat(figures(portal.redeem(other, keys.get(2).getActivationKey()).getBalance()))
                .isEqualTo(Map.of("AB", List.of(4, 0, 0, 4)));
        portal.awaitFigures(guesser, Map.of("AB", List.of(2, 0, 0, 2)));
    }

    // ---------------------------------------------------------------- license lines and balance

    @Test
    @Produces({Reason.NO_LICENSES, Reason.MALFORMED_LICENSE_CODE, Reason.QUANTITY_NOT_POSITIVE})
    void linesThatCannotBeRead() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("Channels", 10)).getActivationKey());
        String mac = portal.ship("IP811");

        rejected(portal.call(account, assign(mac)), Reason.NO_LICENSES);
        Answer unreadable = rejected(portal.call(account, assign(mac, line("PBX7#15", 1), line("Channels", 0))),
                Reason.MALFORMED_LICENSE_CODE, Reason.QUANTITY_NOT_POSITIVE);
        assertThat(unreadable.rejection("MALFORMED_LICENSE_CODE").getSubject()).isEqualTo("PBX7#15");
        rejected(portal.call(account, assign(mac, line("Channels", -1))), Reason.QUANTITY_NOT_POSITIVE);
        rejected(portal.call(account, assign(mac, line("Channels ", 1))), Reason.MALFORMED_LICENSE_CODE);

        rejected(portal.call(account, new CreateTransferKey(List.of())), Reason.NO_LICENSES);
        rejected(portal.call(account, new CreateTransferKey(List.of(line("Channel", 1)))),
                Reason.MALFORMED_LICENSE_CODE);
        rejected(portal.call(account, new CreateTransferKey(List.of(line("Channels", 0)))),
                Reason.QUANTITY_NOT_POSITIVE);

        assertUnchanged(portal, account, Map.of("Channels", List.of(10, 0, 0, 10)), mac);
    }

    @Test
    @Produces(Reason.INSUFFICIENT_BALANCE)
    void moreThanTheBalanceIsRejectedPerCodeAndChangesNothing() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("Channels", 4), line("PBX6#15", 1)).getActivationKey());
        String mac = portal.ship("IP811");
        Map<String, Object> before = unitInDatabase(mac);

        Answer tooMuch = rejected(portal.call(account, assign(mac, line("Channels", 5), line("BRI", 1),
                line("PBX6#15", 1))), Reason.INSUFFICIENT_BALANCE, Reason.INSUFFICIENT_BALANCE);
        assertThat(tooMuch.result().getRejections()).extracting(r -> r.getSubject())
                .containsExactlyInAnyOrder("Channels", "BRI");
        rejected(portal.call(account, new CreateTransferKey(List.of(line("Channels", 5)))),
                Reason.INSUFFICIENT_BALANCE);
        assertUnchanged(portal, account, Map.of("Channels", List.of(4, 0, 0, 4), "PBX6#15", List.of(1, 0, 0, 1)), mac);
        assertThat(unitInDatabase(mac)).isEqualTo(before);

        // Exactly the balance is fine, and the unit was still free to be licensed.
        LicensesAssigned assigned = portal.assign(account, mac, line("Channels", 4), line("PBX6#15", 1));
        assertThat(assigned.getLicenseFile().getSequence()).isEqualTo(1);
        rejected(portal.call(account, new AddLicenses(mac, List.of(line("Channels", 1)))), Reason.INSUFFICIENT_BALANCE);
        assertThat(figures(portal.awaitBalance(account, s -> LicensingPortal.lineOf(s, "Channels").getUsed() == 4)
                .getLines())).isEqualTo(Map.of("Channels", List.of(4, 4, 0, 0), "PBX6#15", List.of(1, 1, 0, 0)));
    }

    /**
     * "ALL reasons found are reported together": a request with an unreadable line, a line breaking a per-box rule
     * and a line beyond the balance is told about all three at once.
     */
    @Test
    void unreadableLinesAreReportedTogetherWithRuleAndBalanceReasons() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("BRI", 1), line("Channels", 2)).getActivationKey());
        String mac = portal.ship("IP811");

        // BRI 2 on an IP811 (one BRI interface) breaks the per-box maximum and exceeds the balance of 1.
        Answer answer = portal.call(account, assign(mac, line("PBX7#15", 1), line("BRI", 2), line("Channels", 2)));

        assertThat(answer.reasons()).containsExactlyInAnyOrder("MALFORMED_LICENSE_CODE", "PER_BOX_MAXIMUM_EXCEEDED",
                "INSUFFICIENT_BALANCE");
        assertUnchanged(portal, account, Map.of("BRI", List.of(1, 0, 0, 1), "Channels", List.of(2, 0, 0, 2)), mac);
    }

    // ---------------------------------------------------------------- units

    @Test
    @Produces(Reason.NOT_PERMITTED)
    void aUnitThatWasNeverShipped() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("Channels", 2)).getActivationKey());
        String mac = portal.newMac();

        // Answered like someone else's unit: nothing says whether a MAC is a real unit (NothingRevealedIntegrationTest).
        rejected(portal.call(account, new QuoteAssignment(mac, null)), Reason.NOT_PERMITTED);
        rejected(portal.call(account, assign(mac, line("Channels", 1))), Reason.NOT_PERMITTED);
        rejected(portal.call(account, new AddLicenses(mac, List.of(line("Channels", 1)))), Reason.NOT_PERMITTED);
        rejected(portal.call(account, new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(account))),
                Reason.NOT_PERMITTED);
        rejected(portal.call(account, new SetUnitDetails(mac, "x", "y", null, null)), Reason.NOT_PERMITTED);
        rejected(portal.call(account, new DownloadLicenseFile(mac)), Reason.NOT_PERMITTED);
        assertThat(db.fetchCount(UNIT, UNIT.MAC.eq(mac))).isZero();
    }

    @Test
    @Produces({Reason.UNIT_ALREADY_LICENSED, Reason.UNIT_NOT_LICENSED, Reason.NOT_PERMITTED})
    void aUnitIsAssignedOnceAndAddedToLater() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("Channels", 10), line("PBX6#15", 1)).getActivationKey());
        String mac = portal.ship("IP811");

        rejected(portal.call(account, new AddLicenses(mac, List.of(line("Channels", 1)))), Reason.UNIT_NOT_LICENSED);
        // An unlicensed unit is nobody's: no details, no sharing, no download.
        rejected(portal.call(account, new SetUnitDetails(mac, "x", null, null, null)), Reason.NOT_PERMITTED);
        rejected(portal.call(account, new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(account))),
                Reason.NOT_PERMITTED);
        rejected(portal.call(account, new DownloadLicenseFile(mac)), Reason.NOT_PERMITTED);

        portal.assign(account, mac, line("Channels", 2));
        rejected(portal.call(account, assign(mac, line("Channels", 1))), Reason.UNIT_ALREADY_LICENSED);
        rejected(portal.call(account, assign(mac, line("PBX6#15", 1))), Reason.UNIT_ALREADY_LICENSED);
        LicensesAssigned added = portal.call(account, new AddLicenses(mac, List.of(line("Channels", 3))))
                .outcome(LicensesAssigned.class);
        assertThat(quantities(added.getUnitLicenses())).isEqualTo(Map.of("Channels", 5));
        assertThat(added.getLicenseFile().getSequence()).isEqualTo(2);
        assertThat(figures(portal.awaitBalance(account, s -> LicensingPortal.lineOf(s, "Channels").getUsed() == 5)
                .getLines())).isEqualTo(Map.of("Channels", List.of(10, 5, 0, 5), "PBX6#15", List.of(1, 0, 0, 1)));
    }

    @Test
    @Produces(Reason.END_USER_UNKNOWN)
    void sharingNeedsTheEmailOfAnAccount() {
        LicensingPortal portal = new LicensingPortal(db);
        String owner = portal.registerNewAccount();
        String endUser = portal.registerNewAccount();
        portal.redeem(owner, portal.issueKey(line("Channels", 1)).getActivationKey());
        String mac = portal.ship("IP811");
        portal.assign(owner, mac, line("Channels", 1));

        rejected(portal.call(owner, new ShareUnitWithEndUser(mac, "nobody-" + LicensingPortal.emailOf(endUser))),
                Reason.END_USER_UNKNOWN);
        assertThat(portal.call(owner, new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(endUser)))
                .outcome(UnitUpdated.class).getMac()).isEqualTo(mac);
        assertThat(portal.awaitUnit(mac, s -> s.getEndUser() != null).getEndUser()).isEqualTo(endUser);
    }

    @Test
    @Produces(Reason.NOT_PERMITTED)
    void onlyTheOwnerMayChangeAUnitAndOnlyOwnerAndEndUserMayDownloadIt() {
        LicensingPortal portal = new LicensingPortal(db);
        String owner = portal.registerNewAccount();
        String stranger = portal.registerNewAccount();
        String endUser = portal.registerNewAccount();
        List<ActivationKeyIssued> keys = portal.issueKeys(List.of(
                List.of(line("Channels", 5)), List.of(line("Channels", 5))));
        portal.redeem(owner, keys.get(0).getActivationKey());
        portal.redeem(stranger, keys.get(1).getActivationKey());
        String mac = portal.ship("IP811");
        portal.call(owner, new AssignLicenses(mac, null, List.of(line("Channels", 2)), "Customer", "Cellar", "c1",
                "c2")).outcome(LicensesAssigned.class);
        portal.call(owner, new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(endUser))).outcome(UnitUpdated.class);

        for (String outsider : List.of(stranger, endUser)) {
            rejected(portal.call(outsider, new AddLicenses(mac, List.of(line("Channels", 1)))), Reason.NOT_PERMITTED);
            rejected(portal.call(outsider, new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(outsider))),
                    Reason.NOT_PERMITTED);
            rejected(portal.call(outsider, new SetUnitDetails(mac, "mine", null, null, null)), Reason.NOT_PERMITTED);
        }
        rejected(portal.call(stranger, new QuoteAssignment(mac, null)), Reason.NOT_PERMITTED);
        rejected(portal.call(stranger, new DownloadLicenseFile(mac)), Reason.NOT_PERMITTED);
        assertThat(portal.call(stranger, assign(mac, line("Channels", 1))).reasons()).contains("NOT_PERMITTED");

        LicenseFileDownloaded downloaded = portal.call(endUser, new DownloadLicenseFile(mac))
                .outcome(LicenseFileDownloaded.class);
        assertThat(downloaded.getLicenseFile().getSequence()).isEqualTo(1);
        portal.call(owner, new DownloadLicenseFile(mac)).outcome(LicenseFileDownloaded.class);

        // Details: non-null fields replace, null ones stay.
        portal.call(owner, new SetUnitDetails(mac, null, "Attic", null, "")).outcome(UnitUpdated.class);
        UnitState unit = portal.awaitUnit(mac, s -> "Attic".equals(s.getLocation()));
        assertThat(unit.getEndCustomer()).isEqualTo("Customer");
        assertThat(unit.getComment1()).isEqualTo("c1");
        assertThat(unit.getComment2()).isEmpty();
        assertThat(unit.getOwner()).isEqualTo(owner);
        assertThat(unit.getEndUser()).isEqualTo(endUser);
        assertThat(quantities(unit.getLicenses())).isEqualTo(Map.of("Channels", 2));
        portal.awaitFigures(stranger, Map.of("Channels", List.of(5, 0, 0, 5)));
    }

    @Test
    @Produces(Reason.NOT_PERMITTED)
    void aGroupsUnitsAreEveryMembersAndNobodyElses() {
        LicensingPortal portal = new LicensingPortal(db);
        String group = portal.createGroup();
        String member = portal.registerNewAccount();
        String otherMember = portal.registerNewAccount();
        String stranger = portal.registerNewAccount();
        portal.addToGroup(group, member);
        portal.addToGroup(group, otherMember);
        KeyRedeemed redeemed = portal.redeem(member, portal.issueKey(line("Channels", 6)).getActivationKey());
        assertThat(redeemed.getBalanceOwner()).isEqualTo(group);
        String mac = portal.ship("IP811");

        LicensesAssigned assigned = portal.assign(member, mac, line("Channels", 2));
        UnitState unit = portal.awaitUnit(mac, s -> s.getOwner() != null);
        assertThat(unit.getOwner()).isEqualTo(group);
        assertThat(unit.getAssignedBy()).isEqualTo(member);

        assertThat(portal.call(otherMember, new DownloadLicenseFile(mac)).outcome(LicenseFileDownloaded.class)
                .getLicenseFile().getContent()).isEqualTo(assigned.getLicenseFile().getContent());
        portal.call(otherMember, new SetUnitDetails(mac, "By the other member", null, null, null))
                .outcome(UnitUpdated.class);
        LicensesAssigned added = portal.call(otherMember, new AddLicenses(mac, List.of(line("Channels", 1))))
                .outcome(LicensesAssigned.class);
        assertThat(added.getLicenseFile().getSequence()).isEqualTo(2);
        AssignmentQuoted quoted = portal.call(otherMember, new QuoteAssignment(mac, null))
                .outcome(AssignmentQuoted.class);
        assertThat(quantities(quoted.getAssignable())).containsEntry("Channels", 3);

        rejected(portal.call(stranger, new DownloadLicenseFile(mac)), Reason.NOT_PERMITTED);
        rejected(portal.call(stranger, new QuoteAssignment(mac, null)), Reason.NOT_PERMITTED);
        rejected(portal.call(stranger, new SetUnitDetails(mac, "x", null, null, null)), Reason.NOT_PERMITTED);

        BalanceState balance = portal.awaitBalance(group, s -> LicensingPortal.lineOf(s, "Channels").getUsed() == 3);
        assertThat(balance.getOwnerKind()).isEqualTo(BalanceOwnerKind.GROUP);
        assertThat(balance.getMembers()).containsExactlyInAnyOrder(member, otherMember);
        assertThat(figures(balance.getLines())).isEqualTo(Map.of("Channels", List.of(6, 3, 0, 3)));
    }

    // ---------------------------------------------------------------- per-box rules and MACs

    @Test
    void perBoxRulesAreReportedByTheirNamesForTheCodesThatBreakThem() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("AB", 4), line("PBX6#15", 2), line("DECT-Multicell", 2),
                line("Registrations", 40), line("Channels", 40), line("BRI", 2)).getActivationKey());
        String ip0010 = portal.ship("IP0010");
        String ip22 = portal.ship("IP22");
        String ip302 = portal.ship("IP302");
        String ip811 = portal.ship("IP811");

        assertRule(portal.call(account, assign(ip0010, line("AB", 1))), Map.of("AB_NOT_SUPPORTED", "AB"));
        assertRule(portal.call(account, assign(ip22, line("PBX6#15", 1))), Map.of("PBX_NOT_SUPPORTED", "PBX6#15"));
        assertRule(portal.call(account, assign(ip811, line("DECT-Multicell", 1))),
                Map.of("DECT_MULTICELL_NOT_MASTER", "DECT-Multicell"));
        assertRule(portal.call(account, assign(ip811, line("PBX6#15", 1), line("Registrations", 20))),
                Map.of("REGISTRATIONS_ABOVE_PBX_SIZE", "Registrations"));
        assertRule(portal.call(account, assign(ip811, line("Channels", 33))),
                Map.of("CHANNELS_ABOVE_DSP_MAXIMUM", "Channels"));
        assertRule(portal.call(account, assign(ip811, line("PBX6#15", 2))), Map.of("DUPLICATE_PBX_BASE", "PBX6#15"));
        Answer several = portal.call(account,
                assign(ip302, line("AB", 1), line("DECT-Multicell", 2), line("Channels", 4)));
        assertThat(several.reasons()).containsExactlyInAnyOrder("AB_NOT_SUPPORTED", "DECT_MULTICELL_NOT_MASTER",
                "DECT_MULTICELL_MORE_THAN_ONE");
        // A rule and the balance at once: BRI 3 on an IP811 with one BRI interface, and only 2 in the balance.
        Answer both = portal.call(account, assign(ip811, line("BRI", 3)));
        assertThat(both.reasons()).containsExactlyInAnyOrder("PER_BOX_MAXIMUM_EXCEEDED", "INSUFFICIENT_BALANCE");

        // None of it was applied.
        BalanceState balance = portal.awaitBalance(account, s -> !s.getActivations().isEmpty());
        assertThat(balance.getLines()).allSatisfy(l -> assertThat(l.getUsed()).isZero());
        assertThat(db.fetchCount(UNIT_LICENSE, UNIT_LICENSE.MAC.in(ip0010, ip22, ip302, ip811))).isZero();
        // What the quote offers does pass.
        AssignmentQuoted quote = portal.call(account, new QuoteAssignment(ip22, null)).outcome(AssignmentQuoted.class);
        assertThat(quantities(quote.getPerBox())).doesNotContainKey("PBX6#15").containsEntry("AB", 2);
        assertThat(quantities(quote.getAssignable())).containsEntry("AB", 2).containsEntry("Channels", 2)
                .doesNotContainKey("PBX6#15").doesNotContainKey("BRI");
        portal.assign(account, ip22, line("AB", 2), line("Channels", 2));
    }

    @Test
    void malformedMacsAreReportedWithTheirReason() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("Channels", 5)).getActivationKey());
        String mac = portal.ship("IP811");
        String checksum = MacAddress.parse(mac).checksum();
        String wrongChecksum = String.format("%02X", (Integer.parseInt(checksum, 16) + 1) % 256);

        Map<String, String> macs = new TreeMap<>(Map.of(
                "00-11-22-33-44-55", "MAC_WRONG_VENDOR_PREFIX",
                mac.replace('-', ':'), "MAC_WRONG_SEPARATOR",
                mac.replace('-', ':').replace(":", ""), "MAC_WRONG_SEPARATOR",
                "00-90-33-GG-00-01", "MAC_NOT_HEX",
                "01" + mac.substring(2), "MAC_RMA_FORM_NOT_ALLOWED",
                "00-90-33-00-01", "MAC_WRONG_LENGTH",
                "", "MAC_EMPTY"));
        macs.forEach((sent, reason) -> {
            rejected(portal.call(account, new QuoteAssignment(sent, null)), reason);
            rejected(portal.call(account, new AssignLicenses(sent, null, List.of(line("Channels", 1)), null, null, null,
                    null)), reason);
        });
        rejected(portal.call(account, new AssignLicenses(mac, wrongChecksum, List.of(line("Channels", 1)), null, null,
                null, null)), "MAC_CHECKSUM_MISMATCH");
        rejected(portal.call(account, new AssignLicenses(mac, "XY", List.of(line("Channels", 1)), null, null, null,
                null)), "MAC_CHECKSUM_MALFORMED");
        rejected(portal.call(account, new QuoteAssignment(mac, wrongChecksum)), "MAC_CHECKSUM_MISMATCH");
        assertUnchanged(portal, account, Map.of("Channels", List.of(5, 0, 0, 5)), mac);

        // The right checksum, in either case, and a blank one pass.
        portal.call(account, new QuoteAssignment(mac, checksum.toLowerCase(Locale.ROOT)))
                .outcome(AssignmentQuoted.class);
        portal.call(account, new QuoteAssignment(mac, " ")).outcome(AssignmentQuoted.class);
        LicensesAssigned assigned = portal.call(account, new AssignLicenses(mac.toLowerCase(Locale.ROOT), checksum,
                List.of(line("Channels", 1)), null, null, null, null)).outcome(LicensesAssigned.class);
        assertThat(assigned.getMac()).isEqualTo(mac);
    }

    // ---------------------------------------------------------------- admin commands

    @Test
    @Produces({Reason.GROUP_ALREADY_EXISTS, Reason.GROUP_UNKNOWN, Reason.ACCOUNT_UNKNOWN,
            Reason.ACCOUNT_ALREADY_IN_GROUP})
    void groupsAreCreatedOnceAndAnAccountJoinsOneWithItsBalanceAndUnits() {
        LicensingPortal portal = new LicensingPortal(db);
        String group = portal.createGroup();
        BalanceState created = portal.awaitBalance(group, s -> true);
        assertThat(created.getOwnerKind()).isEqualTo(BalanceOwnerKind.GROUP);
        assertThat(created.getMembers()).isEmpty();
        rejected(portal.admin(group, new CreateGroup(group, "again")), Reason.GROUP_ALREADY_EXISTS);

        String first = portal.registerNewAccount();
        String second = portal.registerNewAccount();
        List<ActivationKeyIssued> keys = portal.issueKeys(List.of(
                List.of(line("Channels", 10), line("AB", 2)), List.of(line("Channels", 5), line("BRI", 1)),
                List.of(line("Channels", 1))));
        portal.redeem(first, keys.get(0).getActivationKey());
        portal.redeem(second, keys.get(1).getActivationKey());
        String mac = portal.ship("IP811");
        portal.assign(first, mac, line("Channels", 3));
        portal.call(first, new CreateTransferKey(List.of(line("Channels", 2)))).outcome(
                com.licensemanager.schemas.licensing.TransferKeyCreated.class);

        String unknownGroup = LicensingPortal.newGroupId();
        rejected(portal.admin(unknownGroup, new AddAccountToGroup(unknownGroup, first)), Reason.GROUP_UNKNOWN);
        String unknownAccount = LicensingPortal.newAccountId();
        rejected(portal.admin(group, new AddAccountToGroup(group, unknownAccount)), Reason.ACCOUNT_UNKNOWN);

        portal.addToGroup(group, first);
        portal.addToGroup(group, second);
        rejected(portal.admin(group, new AddAccountToGroup(group, first)), Reason.ACCOUNT_ALREADY_IN_GROUP);
        String otherGroup = portal.createGroup();
        rejected(portal.admin(otherGroup, new AddAccountToGroup(otherGroup, second)), Reason.ACCOUNT_ALREADY_IN_GROUP);

        // Both balances merged, the unit and the transfer key are the group's.
        Map<String, List<Integer>> merged = Map.of("Channels", List.of(15, 3, 2, 10), "AB", List.of(2, 0, 0, 2),
                "BRI", List.of(1, 0, 0, 1));
        BalanceState groupBalance = portal.awaitBalance(group, s -> s.getMembers().size() == 2);
        assertThat(groupBalance.getMembers()).containsExactlyInAnyOrder(first, second);
        assertThat(figures(groupBalance.getLines())).isEqualTo(merged);
        assertThat(groupBalance.getActivations()).hasSize(2);
        assertThat(groupBalance.getTransferKeys()).hasSize(1);
        assertThat(portal.awaitUnit(mac, s -> group.equals(s.getOwner())).getAssignedBy()).isEqualTo(first);

        // From now on both use the group's balance and see its units.
        KeyRedeemed redeemed = portal.redeem(second, keys.get(2).getActivationKey());
        assertThat(redeemed.getBalanceOwner()).isEqualTo(group);
        assertThat(figures(redeemed.getBalance())).containsEntry("Channels", List.of(16, 3, 2, 11));
        portal.call(second, new AddLicenses(mac, List.of(line("Channels", 1)))).outcome(LicensesAssigned.class);
        portal.call(second, new DownloadLicenseFile(mac)).outcome(LicenseFileDownloaded.class);
    }

    @Test
    @Produces(Reason.BALANCE_OWNER_UNKNOWN)
    void theMoveContractIsEnabledForAKnownAccountOrGroup() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        String group = portal.createGroup();

        portal.admin(account, new EnableMoveContract(account)).assertAccepted();
        portal.admin(group, new EnableMoveContract(group)).assertAccepted();
        String unknown = LicensingPortal.newAccountId();
        rejected(portal.admin(unknown, new EnableMoveContract(unknown)), Reason.BALANCE_OWNER_UNKNOWN);
    }

    @Test
    @Produces({Reason.UNIT_UNKNOWN, Reason.MALFORMED_LICENSE_CODE, Reason.QUANTITY_NOT_POSITIVE,
            Reason.LICENSE_NOT_ON_UNIT, Reason.LICENSE_NOT_IMPOSSIBLE})
    void onlyImpossibleLicensesOnAUnitAreRefunded() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        portal.redeem(account, portal.issueKey(line("Channels", 8), line("PBX6#15", 1)).getActivationKey());
        String mac = portal.ship("IP811");
        portal.assign(account, mac, line("Channels", 8), line("PBX6#15", 1));

        String unknownMac = portal.newMac();
        rejected(portal.admin(unknownMac, new RefundImpossibleLicense(unknownMac, "Channels", 1)), Reason.UNIT_UNKNOWN);
        rejected(portal.admin(mac, new RefundImpossibleLicense(mac, "Channels#8", 1)), Reason.MALFORMED_LICENSE_CODE);
        rejected(portal.admin(mac, new RefundImpossibleLicense(mac, "Channels", 0)), Reason.QUANTITY_NOT_POSITIVE);
        rejected(portal.admin(mac, new RefundImpossibleLicense(mac, "Channels", 9)), Reason.LICENSE_NOT_ON_UNIT);
        rejected(portal.admin(mac, new RefundImpossibleLicense(mac, "BRI", 1)), Reason.LICENSE_NOT_ON_UNIT);
        rejected(portal.admin(mac, new RefundImpossibleLicense(mac, "Channels", 8)), Reason.LICENSE_NOT_IMPOSSIBLE);
        rejected(portal.admin(mac, new RefundImpossibleLicense(mac, "PBX6#15", 1)), Reason.LICENSE_NOT_IMPOSSIBLE);

        assertThat(figuresInDatabase(account))
                .isEqualTo(Map.of("Channels", List.of(8, 8, 0, 0), "PBX6#15", List.of(1, 1, 0, 0)));
        assertThat(db.fetchCount(UNIT_LICENSE, UNIT_LICENSE.MAC.eq(mac))).as("ledger rows of the unit").isEqualTo(2);
        portal.awaitFigures(account, Map.of("Channels", List.of(8, 8, 0, 0), "PBX6#15", List.of(1, 1, 0, 0)));
        assertThat(quantities(portal.awaitUnit(mac, s -> !s.getLicenses().isEmpty()).getLicenses()))
                .isEqualTo(Map.of("Channels", 8, "PBX6#15", 1));
    }

    // ---------------------------------------------------------------- re-sent requests

    @Test
    void aResentRequestIsAnsweredWithTheSameEventAndChangesNothing() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        List<ActivationKeyIssued> keys = portal.issueKeys(List.of(List.of(line("Channels", 10))));
        List<String> macs = portal.ship("IP811", 2);
        String mac = macs.get(0);

        LicenseRequest redeem = portal.send(account, new RedeemActivationKey(keys.get(0).getActivationKey()));
        portal.awaitAnswer(redeem.getRequestId()).outcome(KeyRedeemed.class);
        LicenseRequest assign = portal.send(account, assign(mac, line("Channels", 2)));
        Answer original = portal.awaitAnswer(assign.getRequestId());
        original.outcome(LicensesAssigned.class);
        LicenseRequest rejectedOne = portal.send(account, assign(macs.get(1), line("Channels", 11)));
        portal.awaitAnswer(rejectedOne.getRequestId()).assertRejected("INSUFFICIENT_BALANCE");
        portal.awaitBalance(account, s -> LicensingPortal.lineOf(s, "Channels").getUsed() == 2);
        portal.awaitUnit(mac, s -> s.getLicenseFile() != null);
        long balanceStates = portal.topics.balanceStateCount(account);
        long unitStates = portal.topics.unitStateCount(mac);

        // The portal sends all three again, under new message ids; the assignment once more with other content.
        portal.send(redeem);
        portal.send(assign);
        portal.send(rejectedOne);
        portal.send(LicenseRequest.newBuilder(assign).setCommand(assign(macs.get(1), line("Channels", 1))).build());
        for (LicenseRequest request : List.of(redeem, rejectedOne)) {
            List<Answer> answers = portal.awaitAnswers(request.getRequestId(), 2);
            assertThat(answers).extracting(Answer::eventId).containsOnly(answers.getFirst().eventId());
            assertThat(answers).extracting(Answer::result).containsOnly(answers.getFirst().result());
        }
        List<Answer> answers = portal.awaitAnswers(assign.getRequestId(), 3);
        assertThat(answers).extracting(Answer::eventId).containsOnly(original.eventId());
        assertThat(answers).extracting(Answer::result).containsOnly(original.result());

        // Markers on the same keys of the state topics: once they are seen, anything published before would be too.
        portal.call(account, new SetUnitDetails(mac, null, null, "marker", null)).outcome(UnitUpdated.class);
        portal.call(account, new CreateTransferKey(List.of(line("Channels", 1)))).assertAccepted();
        portal.awaitUnit(mac, s -> "marker".equals(s.getComment1()));
        BalanceState balance = portal.awaitBalance(account, s -> !s.getTransferKeys().isEmpty());
        assertThat(portal.topics.unitStateCount(mac)).isEqualTo(unitStates + 1);
        assertThat(portal.topics.balanceStateCount(account)).isEqualTo(balanceStates + 1);
        assertThat(figures(balance.getLines())).isEqualTo(Map.of("Channels", List.of(10, 2, 1, 7)));
        assertThat(balance.getActivations()).hasSize(1);
        assertThat(portal.topics.latestUnit(mac).value().getLicenseFile().getSequence()).isEqualTo(1);
        assertThat(db.fetchCount(UNIT_LICENSE, UNIT_LICENSE.MAC.eq(macs.get(1)))).isZero();
        var other = portal.topics.latestUnit(macs.get(1));
        assertThat(other == null || other.value().getLicenses().isEmpty()).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private static AssignLicenses assign(String mac, LicenseLine... lines) {
        return new AssignLicenses(mac, null, List.of(lines), null, null, null, null);
    }

    private void assertRule(Answer answer, Map<String, String> subjectsByReason) {
        assertThat(answer.accepted()).as("accepted: %s", answer.result()).isFalse();
        assertThat(answer.result().getRejections().stream()
                .collect(Collectors.toMap(r -> r.getReason(), r -> String.valueOf(r.getSubject()))))
                .isEqualTo(subjectsByReason);
    }

    /** The balance is as given, and the unit holds nothing and belongs to nobody. */
    private void assertUnchanged(LicensingPortal portal, String account, Map<String, List<Integer>> balance,
                                 String mac) {
        // A quote of the same account is decided after every request before it: the database shows their effect.
        AssignmentQuoted quote = portal.call(account, new QuoteAssignment(mac, null)).outcome(AssignmentQuoted.class);
        assertThat(quote.getPerBox()).isNotEmpty();
        assertThat(figuresInDatabase(account)).as("balance in the database").isEqualTo(balance);
        portal.awaitFigures(account, balance);
        assertThat(db.fetchCount(UNIT_LICENSE, UNIT_LICENSE.MAC.eq(mac))).isZero();
        assertThat(db.select(UNIT.OWNER).from(UNIT).where(UNIT.MAC.eq(mac)).fetchSingle().value1()).isNull();
        var state = portal.topics.latestUnit(mac);
        assertThat(state == null || (state.value().getOwner() == null && state.value().getLicenses().isEmpty()))
                .as("unit state of %s", mac).isTrue();
    }

    /** The owner's balance rows as {@link LicensingPortal#figures}. */
    private Map<String, List<Integer>> figuresInDatabase(String owner) {
        return figures(db.selectFrom(BALANCE).where(BALANCE.OWNER.eq(owner)).fetch().stream()
                .map(r -> new com.licensemanager.schemas.common.BalanceLine(r.getLicenseCode(), r.getUploaded(),
                        r.getUsed(), r.getTransferred(), r.getUploaded() - r.getUsed() - r.getTransferred()))
                .toList());
    }

    private Map<String, Object> unitInDatabase(String mac) {
        return db.selectFrom(UNIT).where(UNIT.MAC.eq(mac)).fetchSingle().intoMap();
    }

    /** One symbol replaced by another: the check symbol catches it. */
    static String mistype(String key) {
        char c = key.charAt(3);
        char other = c == '7' ? '8' : '7';
        return key.substring(0, 3) + other + key.substring(4);
    }

    /** Lower case, spaces instead of hyphens, the letter O for zero and l for one. */
    static String typedSloppily(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', ' ').replace('0', 'o').replace('1', 'l');
    }
}
