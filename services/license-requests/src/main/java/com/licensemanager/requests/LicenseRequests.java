package com.licensemanager.requests;

import com.licensemanager.platform.kafka.DeadLetterAnswering;
import com.licensemanager.platform.kafka.BatchHandler;
import com.licensemanager.platform.kafka.MessageBatch;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.kafka.UndecodableMessageException;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.requests.accounts.AccountRegistration;
import com.licensemanager.requests.decision.Actor;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.RequestBatch;
import com.licensemanager.requests.decision.TextInput;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.requests.keys.KeyRedemption;
import com.licensemanager.requests.keys.TransferKeys;
import com.licensemanager.requests.moves.LicenseMoves;
import com.licensemanager.requests.results.RequestResults;
import com.licensemanager.requests.results.RequestResults.Answers;
import com.licensemanager.requests.units.UnitLicensing;
import com.licensemanager.requests.units.UnitSharing;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.AssignRmaUnitToReplacement;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.state.accounts.Account;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.state.accounts.BatchAccounts;
import com.licensemanager.state.balances.BalanceSheet;
import com.licensemanager.state.balances.Balances;
import com.licensemanager.state.keys.BatchKeys;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.state.history.Cause;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.units.LicenseFiles;
import com.licensemanager.state.units.Units;
import com.licensemanager.licensing.mac.MacAddress;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.TreeSet;

/** Answers each portal request exactly once: decides it, stores and publishes the result and the changed state. */
public class LicenseRequests implements BatchHandler<LicenseRequest>, DeadLetterAnswering<LicenseRequest> {

    private static final Logger log = LoggerFactory.getLogger(LicenseRequests.class);

    private final DSLContext db;
    private final RequestResults results;
    private final Accounts accounts;
    private final AccountRegistration registration;
    private final KeyRedemption redemption;
    private final TransferKeys transfers;
    private final UnitLicensing licensing;
    private final UnitSharing sharing;
    private final LicenseMoves moves;
    private final Balances balances;
    private final Units units;
    private final LicenseFiles files;

    public LicenseRequests(DSLContext db, RequestResults results, Accounts accounts, AccountRegistration registration,
                           KeyRedemption redemption, TransferKeys transfers, UnitLicensing licensing,
                           UnitSharing sharing, LicenseMoves moves, Balances balances, Units units,
                           LicenseFiles files) {
        this.db = db;
        this.results = results;
        this.accounts = accounts;
        this.registration = registration;
        this.redemption = redemption;
        this.transfers = transfers;
        this.licensing = licensing;
        this.sharing = sharing;
        this.moves = moves;
        this.balances = balances;
        this.units = units;
        this.files = files;
    }

    /**
     * Opens a batch in two round trips. The first reads its accounts (those acting, and those named by e-mail) and
     * its stored answers. The second locks the balances of every owner the batch acts for, in owner order (two
     * batches that debit the same group balances can then no longer take them in opposite orders and deadlock, which
     * cost a rolled-back batch and its replay), then the activation keys its redemptions name (in key order, with
     * the redeemers' failed redemptions), then the units it names (in MAC order, with their licenses and latest
     * files). The stored answers are read before the locks: a request id answered meanwhile by another transaction
     * (only two consumers overlapping in a rebalance can do that) still fails this batch's flush on the primary key,
     * and the record-by-record retry answers it with the stored result.
     */
    @Override
    public MessageBatch<LicenseRequest> openBatch(List<InboundMessage<LicenseRequest>> messages) {
        Set<String> acting = new HashSet<>();
        List<String> requestIds = new ArrayList<>(messages.size());
        Set<String> emails = new HashSet<>();
        Set<String> namedKeys = new HashSet<>();
        Set<String> redeemers = new HashSet<>();
        for (InboundMessage<LicenseRequest> message : messages) {
            LicenseRequest request = message.payload();
            acting.add(request.getActingAccount());
            requestIds.add(request.getRequestId());
            switch (request.getCommand()) {
                case RegisterAccount register -> addLookedUp(emails, register.getEmail());
                case ShareUnitWithEndUser share -> addLookedUp(emails, share.getEndUserEmail());
                case RedeemActivationKey redeem -> {
                    redeemers.add(request.getActingAccount());
                    KeyRedemption.normalised(redeem).ifPresent(namedKeys::add);
                }
                default -> {
                }
            }
        }
        // The accounts and the stored answers in one round trip: neither locks, and neither needs the other.
        RoundTrip reads = new RoundTrip(db);
        Supplier<BatchAccounts> accountsRead = accounts.forBatch(acting, emails, reads);
        Supplier<Answers> answersRead = results.forBatch(requestIds, reads);
        reads.send();
        BatchAccounts known = accountsRead.get();
        Answers answers = answersRead.get();
        // Then the locks, in the order every batch takes them: the balances (in owner order), the keys (in key order),
        // the units (in MAC order). The statements run one after the other in one round trip.
        RoundTrip locks = new RoundTrip(db);
        Supplier<BalanceSheet> sheetRead = balances.lockSheet(acting.stream().map(known::find)
                .flatMap(Optional::stream).map(Account::balanceOwner).toList(), locks);
        Supplier<BatchKeys> keysRead = redemption.openKeys(namedKeys, redeemers, locks);
        RequestBatch.NamedUnits named = namedUnits(messages);
        Supplier<Units.ForBatch> unitsRead = RequestBatch.readUnits(named, units, locks);
        locks.send();
        RequestBatch batch = RequestBatch.load(known, sheetRead.get(), keysRead.get(), named, unitsRead.get(), units,
                files);
        return MessageBatch.of((message, events) -> handle(message, events, batch, answers),
                () -> flush(batch, answers));
    }

    /**
     * The batch's writes join the answers' round trip, which the answers send with their own and the history entries
     * before they read the states back (the states are read from the tables, so every write comes first).
     */
    private static List<OutboxEvent> flush(RequestBatch batch, Answers answers) {
        batch.flush(answers.writes());
        return answers.flush();
    }

    private void handle(InboundMessage<LicenseRequest> message, OutgoingEvents events, RequestBatch batch,
                        Answers answers) {
        LicenseRequest request = message.payload();
        if (answers.answerAgain(request.getRequestId(), events)) {
            log.info("request {} was answered before; answering again with the same result", request.getRequestId());
            return;
        }
        Changes changes = new Changes(new Cause(request.getActingAccount(), request.getRequestId()));
        Verdict verdict = decide(request, batch, changes);
        batch.forget(changes);
        String command = request.getCommand().getClass().getSimpleName();
        // Rejections are ordinary answers (counted in licensing_results_total); the details are for debugging.
        if (log.isDebugEnabled()) {
            log.debug("{} {} of {}: {}", command, request.getRequestId(), request.getActingAccount(),
                    verdict.accepted() ? "accepted" : verdict.rejections().stream().map(r -> r.getReason()).toList());
        }
        answers.answer(request.getRequestId(), request.getActingAccount(), request.getActingAccount(), command,
                verdict, changes, events);
    }

    /**
     * The units the batch's commands name, as the decisions will look them up (normalised MACs): those a command may
     * change, and those quotes and downloads only read. A MAC that does not parse is left out, its request is
     * rejected without reading any unit.
     */
    private static RequestBatch.NamedUnits namedUnits(List<InboundMessage<LicenseRequest>> messages) {
        Set<String> toChange = new TreeSet<>();
        Set<String> toRead = new TreeSet<>();
        for (InboundMessage<LicenseRequest> message : messages) {
            switch (message.payload().getCommand()) {
                case QuoteAssignment quote -> addParsed(toRead, quote.getMac(), false);
                case DownloadLicenseFile download -> addParsed(toRead, download.getMac(), false);
                case AssignLicenses assign -> addParsed(toChange, assign.getMac(), false);
                case AddLicenses add -> addParsed(toChange, add.getMac(), false);
                case ShareUnitWithEndUser share -> addParsed(toChange, share.getMac(), false);
                case SetUnitDetails details -> addParsed(toChange, details.getMac(), false);
                case MoveLicenses move -> {
                    addParsed(toChange, move.getFromMac(), false);
                    addParsed(toChange, move.getToMac(), false);
                }
                case AssignRmaUnitToReplacement replacement -> {
                    addParsed(toChange, replacement.getRmaMac(), true);
                    addParsed(toChange, replacement.getReplacementMac(), false);
                }
                default -> {
                }
            }
        }
        return new RequestBatch.NamedUnits(toChange, toRead);
    }

    private static void addParsed(Set<String> macs, String mac, boolean rmaFormAllowed) {
        try {
            macs.add(rmaFormAllowed ? MacAddress.parseAnyForm(mac).toUnit().toString() : MacAddress.parse(mac).toString());
        } catch (RuntimeException unparsable) {
            // Rejected by its decision before any unit is read.
        }
    }

    /**
     * An e-mail a command names, in its stored form, unless its request will be refused for it before any lookup
     * (too long, control characters: PostgreSQL refuses a NUL in text, and the whole batch with it).
     */
    private static void addLookedUp(Set<String> emails, String typed) {
        String email = Accounts.normalisedEmail(typed);
        if (TextInput.acceptable(email, TextInput.EMAIL)) {
            emails.add(email);
        }
    }

    /** The portal waits for an answer to every request, also to one that could not be handled. */
    @Override
    public void answerDeadLettered(InboundMessage<LicenseRequest> message, OutgoingEvents events) {
        LicenseRequest request = message.payload();
        results.answerFailed(request.getRequestId(), request.getActingAccount(), request.getActingAccount(),
                request.getCommand().getClass().getSimpleName(), message.envelope().correlationId(), events);
    }

    private Verdict decide(LicenseRequest request, RequestBatch batch, Changes changes) {
        Object command = request.getCommand();
        if (command instanceof RegisterAccount register) {
            return registration.register(batch.accounts(), request.getActingAccount(), register, changes);
        }
        var account = batch.accounts().find(request.getActingAccount());
        if (account.isEmpty()) {
            return Verdict.rejected(Reason.ACCOUNT_NOT_REGISTERED, request.getActingAccount(),
                    "account " + request.getActingAccount() + " is not registered");
        }
        Actor actor = new Actor(account.get());
        String requestId = request.getRequestId();
        return switch (command) {
            case RedeemActivationKey redeem -> redemption.redeem(batch, actor, redeem, changes);
            case QuoteAssignment quote -> licensing.quote(batch, actor, quote);
            case AssignLicenses assign -> licensing.assign(batch, actor, assign, requestId, changes);
            case AddLicenses add -> licensing.add(batch, actor, add, requestId, changes);
            case CreateTransferKey transfer -> transfers.create(batch, actor, transfer, changes);
            case ShareUnitWithEndUser share -> sharing.share(batch, actor, share, changes);
            case SetUnitDetails details -> sharing.setDetails(batch, actor, details, changes);
            case DownloadLicenseFile download -> sharing.download(batch, actor, download);
            case MoveLicenses move -> moves.move(batch, actor, move, changes);
            case AssignRmaUnitToReplacement replacement ->
                    moves.assignRmaToReplacement(batch, actor, replacement, changes);
            default -> throw new UndecodableMessageException("unknown command " + command.getClass().getName());
        };
    }
}
