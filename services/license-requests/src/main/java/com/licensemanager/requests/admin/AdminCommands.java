package com.licensemanager.requests.admin;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.MalformedLicenseCodeException;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.platform.kafka.DeadLetterAnswering;
import com.licensemanager.platform.kafka.BatchHandler;
import com.licensemanager.platform.kafka.MessageBatch;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.kafka.UndecodableMessageException;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.requests.decision.Rejections;
import com.licensemanager.requests.decision.Verdict;
import com.licensemanager.requests.results.RequestResults;
import com.licensemanager.requests.results.RequestResults.Answers;
import com.licensemanager.schemas.admin.AddAccountToGroup;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.admin.CreateGroup;
import com.licensemanager.schemas.admin.EnableMoveContract;
import com.licensemanager.schemas.admin.RefundImpossibleLicense;
import com.licensemanager.schemas.licensing.UnitUpdated;
import com.licensemanager.state.accounts.Accounts;
import com.licensemanager.state.balances.Balances;
import com.licensemanager.state.keys.ActivationKeys;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.state.history.Cause;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.units.LicenseFiles;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.LicenseEntry;
import com.licensemanager.state.units.Units;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * What only vendor staff may do: build groups, enable the move contract, and refund an impossible license (the one
 * deletion of licenses that exists). Answered like portal requests, on the results topic, keyed by the subject.
 */
public class AdminCommands implements BatchHandler<AdminCommand>, DeadLetterAnswering<AdminCommand> {

    private static final Logger log = LoggerFactory.getLogger(AdminCommands.class);

    private final RequestResults results;
    private final Accounts accounts;
    private final Balances balances;
    private final ActivationKeys keys;
    private final Units units;
    private final UnitRules rules;
    private final ProductCatalogue catalogue;
    private final LicenseFiles files;

    public AdminCommands(RequestResults results, Accounts accounts, Balances balances, ActivationKeys keys,
                         Units units, UnitRules rules, ProductCatalogue catalogue, LicenseFiles files) {
        this.results = results;
        this.accounts = accounts;
        this.balances = balances;
        this.keys = keys;
        this.units = units;
        this.rules = rules;
        this.catalogue = catalogue;
        this.files = files;
    }

    /** The batch's stored answers are read when it opens; its answers are stored when it flushes. */
    @Override
    public MessageBatch<AdminCommand> openBatch(List<InboundMessage<AdminCommand>> messages) {
        Answers answers = results.forBatch(messages.stream().map(message -> message.payload().getRequestId()).toList());
        return MessageBatch.of((message, events) -> handle(message, events, answers), answers::flush);
    }

    private void handle(InboundMessage<AdminCommand> message, OutgoingEvents events, Answers answers) {
        AdminCommand admin = message.payload();
        if (answers.answerAgain(admin.getRequestId(), events)) {
            return;
        }
        Changes changes = new Changes(new Cause("staff:" + admin.getStaffMember(), admin.getRequestId()));
        Verdict verdict = switch (admin.getCommand()) {
            case CreateGroup create -> createGroup(create, changes);
            case AddAccountToGroup add -> addToGroup(add, changes);
            case EnableMoveContract enable -> enableMoveContract(enable);
            case RefundImpossibleLicense refund -> refund(refund, admin.getRequestId(), changes);
            default -> throw new UndecodableMessageException("unknown admin command " + admin.getCommand().getClass().getName());
        };
        String command = admin.getCommand().getClass().getSimpleName();
        log.info("{} {} by staff member {}: {}", command, admin.getRequestId(), admin.getStaffMember(),
                verdict.accepted() ? "done" : verdict.rejections().stream().map(r -> r.getReason()).toList());
        answers.answer(admin.getRequestId(), "staff:" + admin.getStaffMember(),
                message.key() == null ? admin.getRequestId() : message.key(), command, verdict, changes, events);
    }

    /** Staff tools wait for an answer to every command, also to one that could not be handled. */
    @Override
    public void answerDeadLettered(InboundMessage<AdminCommand> message, OutgoingEvents events) {
        AdminCommand admin = message.payload();
        results.answerFailed(admin.getRequestId(), "staff:" + admin.getStaffMember(),
                message.key() == null ? admin.getRequestId() : message.key(),
                admin.getCommand().getClass().getSimpleName(), message.envelope().correlationId(), events);
    }

    private Verdict createGroup(CreateGroup command, Changes changes) {
        if (!accounts.createGroup(command.getGroupId(), command.getName())) {
            return Verdict.rejected(Reason.GROUP_ALREADY_EXISTS, command.getGroupId(), "the group exists already");
        }
        changes.balance(command.getGroupId());
        return Verdict.accepted(null);
    }

    /** The account's balance merges into the group's, and its units and keys become the group's. */
    private Verdict addToGroup(AddAccountToGroup command, Changes changes) {
        if (!accounts.groupExists(command.getGroupId())) {
            return Verdict.rejected(Reason.GROUP_UNKNOWN, command.getGroupId(), "no such group");
        }
        var account = accounts.find(command.getAccountId());
        if (account.isEmpty()) {
            return Verdict.rejected(Reason.ACCOUNT_UNKNOWN, command.getAccountId(), "no such account");
        }
        if (account.get().groupId() != null) {
            return Verdict.rejected(Reason.ACCOUNT_ALREADY_IN_GROUP, command.getAccountId(),
                    "the account is a member of group " + account.get().groupId());
        }
        String accountId = command.getAccountId();
        String groupId = command.getGroupId();
        List<String> ownedUnits = units.ownedBy(accountId);
        List<BalanceLine> joining = balances.linesOfAll(List.of(accountId)).getOrDefault(accountId, List.of());
        balances.merge(accountId, groupId);
        units.transferOwnership(accountId, groupId);
        keys.reattribute(accountId, groupId);
        accounts.joinGroup(accountId, groupId);
        changes.balance(accountId);
        changes.balance(groupId);
        ownedUnits.forEach(changes::unit);
        // The history of both balances keeps adding up: the account's lines leave it and join the group's.
        if (!joining.isEmpty()) {
            changes.record(SubjectChange.ofBalance(accountId, HistoryChange.JOINED_GROUP, groupId,
                    SubjectChange.lines(joining, -1), List.of()));
            changes.record(SubjectChange.ofBalance(groupId, HistoryChange.MEMBER_JOINED, accountId,
                    SubjectChange.lines(joining, 1),
                    balances.linesOfAll(List.of(groupId)).getOrDefault(groupId, List.of())));
        }
        Map<String, LicenseBundle> licensesOfUnits = units.licensesOfAll(ownedUnits);
        ownedUnits.forEach(mac -> changes.record(SubjectChange.ofUnit(mac, HistoryChange.JOINED_GROUP, groupId,
                licensesOfUnits.getOrDefault(mac, LicenseBundle.empty()), groupId)));
        return Verdict.accepted(null);
    }

    private Verdict enableMoveContract(EnableMoveContract command) {
        if (!accounts.enableMoveContract(command.getBalanceOwner())) {
            return Verdict.rejected(Reason.BALANCE_OWNER_UNKNOWN, command.getBalanceOwner(), "no such account or group");
        }
        return Verdict.accepted(null);
    }

    private Verdict refund(RefundImpossibleLicense command, String requestId, Changes changes) {
        MacAddress mac;
        try {
            mac = MacAddress.parse(command.getMac());
        } catch (MalformedMacAddressException e) {
            return Verdict.rejected(List.of(Rejections.of(e, command.getMac())));
        }
        var unit = units.lock(mac.toString());
        if (unit.isEmpty()) {
            return Verdict.rejected(Reason.UNIT_UNKNOWN, mac.toString(), "no such unit");
        }
        LicenseCode code;
        try {
            code = LicenseCode.parse(command.getLicenseCode());
        } catch (MalformedLicenseCodeException e) {
            return Verdict.rejected(Reason.MALFORMED_LICENSE_CODE, command.getLicenseCode(), e.getMessage());
        }
        if (command.getQuantity() <= 0) {
            return Verdict.rejected(Reason.QUANTITY_NOT_POSITIVE, code.print(), "the quantity must be positive");
        }
        Unit target = unit.get();
        LicenseBundle held = units.licenses(target.mac());
        if (held.quantity(code) < command.getQuantity()) {
            return Verdict.rejected(Reason.LICENSE_NOT_ON_UNIT, code.print(), "the unit holds " + held.quantity(code)
                    + " of " + code.print());
        }
        boolean impossible = rules.violationsOf(catalogue.require(target.model()), held).stream()
                .anyMatch(violation -> code.equals(violation.code()));
        if (!impossible) {
            return Verdict.rejected(Reason.LICENSE_NOT_IMPOSSIBLE, code.print(), code.print()
                    + " is possible on a " + target.model() + "; only impossible licenses are refunded");
        }
        LicenseBundle refunded = LicenseBundle.of(code, command.getQuantity());
        units.record(target.mac(), refunded, LicenseEntry.REFUNDED, requestId);
        balances.refundUsed(target.owner(), refunded);
        LicenseBundle left = units.licenses(target.mac());
        files.issue(target.mac(), left);
        changes.unit(target.mac());
        changes.balance(target.owner());
        changes.record(SubjectChange.ofUnit(target.mac(), HistoryChange.REFUNDED, null,
                SubjectChange.entered(refunded, -1), left, target.owner()));
        changes.record(SubjectChange.ofBalance(target.owner(), HistoryChange.REFUNDED, target.mac(),
                SubjectChange.used(refunded, -1),
                balances.linesOfAll(List.of(target.owner())).getOrDefault(target.owner(), List.of())));
        return Verdict.accepted(new UnitUpdated(target.mac()));
    }
}
