package com.licensemanager.requests;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.file.LicenseFileVerifier;
import com.licensemanager.licensing.file.VerificationResult;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.unit.Quote;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.schemas.common.LicenseFile;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.AccountRegistered;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.AssignmentQuoted;
import com.licensemanager.schemas.licensing.BalanceOwnerKind;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicenseFileDownloaded;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.TransferKey;
import com.licensemanager.schemas.licensing.TransferKeyCreated;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.schemas.licensing.UnitUpdated;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.state.units.LicenseSigning;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One customer story end to end over the real broker, registry and PostgreSQL: an order becomes an activation key,
 * a reseller redeems it, quotes and licenses a unit, adds to it, gives licenses on to a colleague with a transfer
 * key, shares the unit with the end user, and the end user downloads a license file that verifies offline with the
 * vendor's public key.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class LicenseStoryIntegrationTest {

    private static final UnitRules RULES = new UnitRules(ProductCatalogue.loadDefault());

    @Autowired
    DSLContext db;

    @Autowired
    LicenseSigning signing;

    @Test
    void fromOrderToAVerifiedLicenseFileInTheEndUsersHands() {
        LicensingPortal portal = new LicensingPortal(db);

        // The ordering system fulfils an order: one activation key.
        ActivationKeyIssued key = portal.issueKey(line("PBX6#15", 2), line("PBX6#30@15", 1), line("Channels", 40),
                line("BRI", 2), line("PRI", 1), line("Registrations", 30), line("AB", 4));

        // Three accounts register; C's e-mail is typed with spaces and capitals.
        String reseller = LicensingPortal.newAccountId();
        String colleague = LicensingPortal.newAccountId();
        String endUser = LicensingPortal.newAccountId();
        AccountRegistered registered = portal.call(reseller,
                        new RegisterAccount(LicensingPortal.emailOf(reseller), "Reseller GmbH"))
                .outcome(AccountRegistered.class);
        assertThat(registered.getAccountId()).isEqualTo(reseller);
        assertThat(registered.getCompany()).isEqualTo("Reseller GmbH");
        portal.register(colleague);
        String endUserEmail = LicensingPortal.emailOf(endUser);
        assertThat(portal.call(endUser, new RegisterAccount("  " + endUserEmail.toUpperCase(Locale.ROOT) + " ",
                "Hotel Alpenblick")).outcome(AccountRegistered.class).getEmail()).isEqualTo(endUserEmail);
        BalanceState fresh = portal.awaitBalance(reseller, s -> true);
        assertThat(fresh.getOwnerKind()).isEqualTo(BalanceOwnerKind.ACCOUNT);
        assertThat(fresh.getMembers()).containsExactly(reseller);
        assertThat(fresh.getLines()).isEmpty();

        // The reseller scans the key's QR code.
        KeyRedeemed redeemed = portal.redeem(reseller, key.getScanPayload());
        assertThat(redeemed.getActivationKey()).isEqualTo(key.getActivationKey());
        assertThat(redeemed.getBalanceOwner()).isEqualTo(reseller);
        assertThat(quantities(redeemed.getActivations())).isEqualTo(quantities(key.getLicenses()));
        Map<String, List<Integer>> balance = new LinkedHashMap<>();
        key.getLicenses().forEach(l -> balance.put(l.getLicenseCode(),
                List.of(l.getQuantity(), 0, 0, l.getQuantity())));
        assertThat(figures(redeemed.getBalance())).isEqualTo(balance);
        BalanceState afterRedeem = portal.awaitBalance(reseller, s -> !s.getActivations().isEmpty());
        assertThat(afterRedeem.getActivations()).singleElement().satisfies(activation -> {
            assertThat(activation.getActivationKey()).isEqualTo(key.getActivationKey());
            assertThat(activation.getRedeemedBy()).isEqualTo(reseller);
            assertThat(quantities(activation.getLicenses())).isEqualTo(quantities(key.getLicenses()));
        });

        // The warehouse ships an IP811; the reseller types its MAC in lower case and asks what may go on it.
        String mac = portal.ship("IP811");
        AssignmentQuoted quoted = portal.call(reseller, new QuoteAssignment(mac.toLowerCase(Locale.ROOT), null))
                .outcome(AssignmentQuoted.class);
        assertThat(quoted.getMac()).isEqualTo(mac);
        assertThat(quoted.getModel()).isEqualTo("IP811");
        Quote expectedQuote = RULES.quote(ProductCatalogue.loadDefault().require("IP811"), LicenseBundle.empty());
        Map<String, Integer> perBox = new LinkedHashMap<>();
        expectedQuote.maxima().forEach((code, max) -> perBox.put(code.print(), max));
        assertThat(quantities(quoted.getPerBox())).isEqualTo(new java.util.TreeMap<>(perBox));
        Map<String, Integer> assignable = new java.util.TreeMap<>();
        perBox.forEach((code, max) -> {
            int available = balance.containsKey(code) ? balance.get(code).get(3) : 0;
            if (Math.min(max, available) > 0) {
                assignable.put(code, Math.min(max, available));
            }
        });
        assertThat(quantities(quoted.getAssignable())).isEqualTo(assignable);
        assertThat(quoted.getPerBox()).extracting(LicenseLine::getLicenseCode)
                .allSatisfy(code -> assertThat(LicenseCode.parse(code).print()).isEqualTo(code));

        // ... and assigns licenses with the end customer's details, giving the MAC's checksum.
        String checksum = MacAddress.parse(mac).checksum().toLowerCase(Locale.ROOT);
        LicensesAssigned assigned = portal.call(reseller, new AssignLicenses(mac.toLowerCase(Locale.ROOT), checksum,
                List.of(line("PBX6#15", 1), line("Channels", 8), line("BRI", 1), line("Registrations", 15)),
                "Hotel Alpenblick", "Basement, rack 2", "installed by Müller", null)).outcome(LicensesAssigned.class);
        assertThat(assigned.getMac()).isEqualTo(mac);
        Map<String, Integer> firstLicenses = Map.of("PBX6#15", 1, "Channels", 8, "BRI", 1, "Registrations", 15);
        assertThat(quantities(assigned.getAdded())).isEqualTo(new java.util.TreeMap<>(firstLicenses));
        assertThat(quantities(assigned.getUnitLicenses())).isEqualTo(new java.util.TreeMap<>(firstLicenses));
        assertThat(assigned.getLicenseFile().getMac()).isEqualTo(mac);
        assertThat(assigned.getLicenseFile().getSequence()).isEqualTo(1);
        assertValid(assigned.getLicenseFile(), mac, 1, firstLicenses);
        firstLicenses.forEach((code, quantity) -> use(balance, code, quantity));
        assertThat(figures(portal.awaitBalance(reseller, s -> lineUsed(s, "Channels") == 8).getLines()))
                .isEqualTo(balance);

        // Later the customer needs a bigger PBX and the PRI.
        LicensesAssigned added = portal.call(reseller, new AddLicenses(mac,
                List.of(line("PBX6#30@15", 1), line("Registrations", 15), line("PRI", 1))))
                .outcome(LicensesAssigned.class);
        Map<String, Integer> allLicenses = Map.of("PBX6#15", 1, "PBX6#30@15", 1, "Channels", 8, "BRI", 1,
                "PRI", 1, "Registrations", 30);
        assertThat(quantities(added.getAdded()))
                .isEqualTo(new java.util.TreeMap<>(Map.of("PBX6#30@15", 1, "Registrations", 15, "PRI", 1)));
        assertThat(quantities(added.getUnitLicenses())).isEqualTo(new java.util.TreeMap<>(allLicenses));
        assertThat(added.getLicenseFile().getSequence()).isEqualTo(2);
        assertValid(added.getLicenseFile(), mac, 2, allLicenses);
        use(balance, "PBX6#30@15", 1);
        use(balance, "Registrations", 15);
        use(balance, "PRI", 1);

        // The reseller gives 10 channels and 2 AB licenses to a colleague's account with a transfer key.
        TransferKeyCreated transfer = portal.call(reseller,
                new CreateTransferKey(List.of(line("Channels", 10), line("AB", 2)))).outcome(TransferKeyCreated.class);
        assertThat(quantities(transfer.getLicenses()))
                .isEqualTo(new java.util.TreeMap<>(Map.of("Channels", 10, "AB", 2)));
        assertThat(transfer.getScanPayload()).isEqualTo("LMKEY:" + transfer.getActivationKey());
        transferred(balance, "Channels", 10);
        transferred(balance, "AB", 2);
        BalanceState withTransferKey = portal.awaitBalance(reseller, s -> !s.getTransferKeys().isEmpty());
        assertThat(figures(withTransferKey.getLines())).isEqualTo(balance);
        assertThat(withTransferKey.getTransferKeys()).singleElement().satisfies(created -> {
            assertThat(created.getActivationKey()).isEqualTo(transfer.getActivationKey());
            assertThat(created.getCreatedBy()).isEqualTo(reseller);
            assertThat(quantities(created.getLicenses())).isEqualTo(quantities(transfer.getLicenses()));
            assertThat(created.getRedeemedBy()).isNull();
            assertThat(created.getRedeemedAt()).isNull();
        });

        KeyRedeemed gained = portal.call(colleague, new RedeemActivationKey(transfer.getActivationKey()
                .toLowerCase(Locale.ROOT).replace("-", " "))).outcome(KeyRedeemed.class);
        assertThat(gained.getActivationKey()).isEqualTo(transfer.getActivationKey());
        assertThat(gained.getBalanceOwner()).isEqualTo(colleague);
        assertThat(figures(gained.getBalance())).isEqualTo(Map.of(
                "AB", List.of(2, 0, 0, 2), "Channels", List.of(10, 0, 0, 10)));
        BalanceState giver = portal.awaitBalance(reseller,
                s -> s.getTransferKeys().stream().anyMatch(t -> t.getRedeemedBy() != null));
        TransferKey given = giver.getTransferKeys().getFirst();
        assertThat(given.getRedeemedBy()).isEqualTo(colleague);
        assertThat(given.getRedeemedAt()).isNotNull();
        assertThat(figures(giver.getLines())).as("the giver's lines do not change on redemption").isEqualTo(balance);
        BalanceState receiver = portal.awaitBalance(colleague, s -> !s.getActivations().isEmpty());
        assertThat(receiver.getActivations()).singleElement()
                .satisfies(a -> assertThat(a.getActivationKey()).isEqualTo(transfer.getActivationKey()));

        // The reseller shares the unit with the hotel's own account, which downloads the license file.
        assertThat(portal.call(reseller, new ShareUnitWithEndUser(mac, endUserEmail)).outcome(UnitUpdated.class)
                .getMac()).isEqualTo(mac);
        LicenseFile downloaded = portal.call(endUser, new DownloadLicenseFile(mac))
                .outcome(LicenseFileDownloaded.class).getLicenseFile();
        assertThat(downloaded.getSequence()).isEqualTo(2);
        assertThat(downloaded.getContent()).isEqualTo(added.getLicenseFile().getContent());
        assertValid(downloaded, mac, 2, allLicenses);
        String tampered = downloaded.getContent().replace("Registrations 30", "Registrations 90");
        assertThat(tampered).isNotEqualTo(downloaded.getContent());
        assertThat(new LicenseFileVerifier(signing.publicKey()).verify(tampered.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(VerificationResult.Invalid.class);

        UnitState unit = portal.awaitUnit(mac, s -> endUser.equals(s.getEndUser()));
        assertThat(unit.getMac()).isEqualTo(mac);
        assertThat(unit.getDisplayedMac()).isEqualTo(mac);
        assertThat(unit.getModel()).isEqualTo("IP811");
        assertThat(unit.getStatus()).isEqualTo(UnitStatus.OK);
        assertThat(unit.getOwner()).isEqualTo(reseller);
        assertThat(unit.getAssignedBy()).isEqualTo(reseller);
        assertThat(quantities(unit.getLicenses())).isEqualTo(new java.util.TreeMap<>(allLicenses));
        assertThat(unit.getLicenseFile()).isNotNull();
        assertThat(unit.getLicenseFile().getSequence()).isEqualTo(2);
        assertThat(unit.getEndCustomer()).isEqualTo("Hotel Alpenblick");
        assertThat(unit.getLocation()).isEqualTo("Basement, rack 2");
        assertThat(unit.getComment1()).isEqualTo("installed by Müller");
        assertThat(unit.getComment2()).isNull();

        portal.awaitFigures(reseller, balance);
        assertThat(portal.topics.latestUnit(mac).key()).as("key of the unit state").isEqualTo(mac);
        assertThat(portal.topics.latestBalance(reseller).key()).as("key of the balance state").isEqualTo(reseller);
        for (String account : List.of(reseller, colleague, endUser)) {
            assertThat(portal.topics.balanceStateCount(account)).as("balance states of %s", account).isPositive();
            assertThat(portal.topics.balanceViolations(account)).as("inconsistent balance states of %s", account)
                    .isEmpty();
        }
    }

    private void assertValid(LicenseFile file, String mac, int sequence, Map<String, Integer> licenses) {
        VerificationResult result = new LicenseFileVerifier(signing.publicKey())
                .verify(file.getContent().getBytes(StandardCharsets.UTF_8));
        assertThat(result).as("verification of %s", file.getContent()).isInstanceOf(VerificationResult.Valid.class);
        var content = ((VerificationResult.Valid) result).content();
        assertThat(content.mac().toString()).isEqualTo(mac);
        assertThat(content.sequence()).isEqualTo(sequence);
        Map<String, Integer> listed = new java.util.TreeMap<>();
        content.licenses().quantities().forEach((code, quantity) -> listed.put(code.print(), quantity));
        assertThat(listed).isEqualTo(new java.util.TreeMap<>(licenses));
    }

    private static int lineUsed(BalanceState state, String code) {
        return LicensingPortal.lineOf(state, code).getUsed();
    }

    /** [uploaded, used, transferred, available] */
    private static void use(Map<String, List<Integer>> balance, String code, int quantity) {
        List<Integer> f = balance.get(code);
        balance.put(code, List.of(f.get(0), f.get(1) + quantity, f.get(2), f.get(3) - quantity));
    }

    private static void transferred(Map<String, List<Integer>> balance, String code, int quantity) {
        List<Integer> f = balance.get(code);
        balance.put(code, List.of(f.get(0), f.get(1), f.get(2) + quantity, f.get(3) - quantity));
    }
}
