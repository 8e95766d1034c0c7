package com.licensemanager.chaos;

import com.licensemanager.chaos.Model.Step;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.LicensesMoved;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where the driver (what was sent, and what the model expects of it) meets the observer (what came out of the
 * service). Every method holds this object's lock, which also guards the {@link Model}.
 *
 * <p>Counts are cumulative; the run reports per fault what changed since the previous checkpoint.
 */
final class Tracker {

    /** Something sent on the driver's behalf that the driver thread still has to publish. */
    record Outgoing(Step step, String returnMac, String notificationId) {
    }

    final Model model;
    private final String runMarker;
    private final Map<String, Step> pending = new HashMap<>();
    private final Map<String, Step> pendingRmaByMac = new HashMap<>();
    private final TreeSet<Long> outstanding = new TreeSet<>();
    private final Deque<Outgoing> outgoing = new ArrayDeque<>();
    /** requestId -> distinct ce_ids of its results */
    private final Map<String, Set<String>> resultIds = new HashMap<>();
    /** moveId -> distinct ce_ids of MoveCharged */
    final Map<String, Set<String>> charged = new HashMap<>();
    /** Reminders of move deadlines, checked per move at the checkpoint (Chaos#compareMoves). */
    final Reminders reminders = new Reminders();
    /** notificationId -> rejection reasons */
    final Map<String, Set<String>> rmaRejections = new HashMap<>();
    private final Map<String, Set<String>> rmaRejectionIds = new HashMap<>();
    /** "mac@version" / "owner@version" -> ce_id of the state event */
    private final Map<String, String> stateEvents = new HashMap<>();
    final Map<String, String> keysByOrder = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    /** step kind -> {accepted, rejected} as answered (and expected) */
    private final Map<String, long[]> answersByKind = new java.util.TreeMap<>();
    int window;
    long sent;
    long answered;
    long republished;
    long duplicates;
    long wrong;
    long negativeBalanceEvents;
    long unexpected;

    Tracker(Model model, String runId) {
        this.model = model;
        this.runMarker = "-" + runId + "-";
    }

    // ---- the driver's side

    synchronized void sending(Step step) {
        step.sentNanos = System.nanoTime();
        sent++;
        outstanding.add(step.sequence);
        if (step.isRmaNotification()) {
            pendingRmaByMac.put(step.rmaUnit.mac, step);
        } else {
            pending.put(step.id, step);
        }
    }

    /** The next thing to publish for an earlier step (a replacement request, a return notification), if any. */
    synchronized Outgoing nextOutgoing() {
        Outgoing next = outgoing.poll();
        if (next != null && next.step() != null) {
            sending(next.step());
        }
        return next;
    }

    synchronized Model.Account idleAccount(java.util.Random random) {
        List<Model.Account> accounts = model.accounts;
        int start = random.nextInt(accounts.size());
        for (int i = 0; i < accounts.size(); i++) {
            Model.Account account = accounts.get((start + i) % accounts.size());
            if (account.inFlight == null) {
                return account;
            }
        }
        return null;
    }

    synchronized int inFlight() {
        return outstanding.size();
    }

    /** True when every step up to {@code sequence} has been answered and nothing is waiting to be sent. */
    synchronized boolean completedUpTo(long sequence) {
        return (outstanding.isEmpty() || outstanding.first() > sequence) && outgoing.isEmpty();
    }

    synchronized boolean idle() {
        return outstanding.isEmpty() && outgoing.isEmpty();
    }

    synchronized List<Step> outstandingSteps() {
        List<Step> steps = new ArrayList<>(pending.values());
        steps.addAll(pendingRmaByMac.values());
        return steps;
    }

    /** A step reported lost: its account goes on (a late answer then counts as unexpected). */
    synchronized void giveUp(Step step) {
        if (step.isRmaNotification()) {
            pendingRmaByMac.remove(step.rmaUnit.mac);
        } else {
            pending.remove(step.id);
        }
        outstanding.remove(step.sequence);
        step.account.inFlight = null;
    }

    synchronized void problem(String text) {
        if (problems.size() < 2000) {
            problems.add(text);
        }
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    // ---- the observer's side

    synchronized void onResult(String ceId, LicenseResult result) {
        String requestId = result.getRequestId();
        if (!requestId.contains(runMarker)) {
            return;
        }
        Set<String> ids = resultIds.computeIfAbsent(requestId, id -> new HashSet<>());
        if (ids.contains(ceId)) {
            republished++;
            return;
        }
        ids.add(ceId);
        if (ids.size() > 1) {
            duplicates++;
            problem("duplicated result: request " + requestId + " answered by " + ids.size()
                    + " different events " + ids);
            return;
        }
        Step step = pending.remove(requestId);
        if (step == null) {
            unexpected++;
            problem("result for a request never sent (or already given up): " + requestId);
            return;
        }
        answered++;
        outstanding.remove(step.sequence);
        step.account.inFlight = null;
        Set<String> reasons = result.getRejections().stream().map(Rejection::getReason)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (result.getAccepted() != step.expectAccepted || !reasons.equals(new java.util.TreeSet<>(step.expectedReasons))) {
            wrong++;
            problem("wrong answer to " + step.kind + " " + requestId + " of " + step.account.id + ": expected "
                    + (step.expectAccepted ? "accepted" : "rejected " + step.expectedReasons) + ", got "
                    + (result.getAccepted() ? "accepted" : "rejected " + reasons) + " " + result.getRejections());
            return;
        }
        answersByKind.computeIfAbsent(step.kind, k -> new long[2])[result.getAccepted() ? 0 : 1]++;
        if (step.licensing != null) {
            step.licensing.confirmed = true;
        }
        if (step.move != null && result.getOutcome() instanceof LicensesMoved moved) {
            step.move.moveId = moved.getMoveId();
            // every other move is reported back to the vendor at once: it must end RETURNED (or, if the deadline
            // won a race, CHARGED with the return refused as MOVE_ALREADY_CHARGED); the others must be CHARGED
            if (!step.move.rmaReplacement && step.sequence % 2 == 0) {
                step.move.returnNotificationId = model.newRequestId("ret");
                outgoing.add(new Outgoing(null, step.move.from, step.move.returnNotificationId));
            }
        }
    }

    synchronized void onUnitState(String ceId, UnitState state) {
        checkStateEvent("unit " + state.getMac() + "@" + state.getVersion(), ceId);
        if (state.getStatus() == UnitStatus.RMA) {
            Step rma = pendingRmaByMac.remove(state.getMac());
            if (rma != null) {
                answered++;
                answersByKind.computeIfAbsent(rma.kind, k -> new long[2])[0]++;
                outstanding.remove(rma.sequence);
                Step replacement = model.replacement(rma, window);
                outgoing.add(new Outgoing(replacement, null, null));
            }
        }
    }

    synchronized void onBalanceState(String ceId, BalanceState state) {
        checkStateEvent("balance " + state.getOwner() + "@" + state.getVersion(), ceId);
        for (BalanceLine line : state.getLines()) {
            if (line.getAvailable() < 0 || line.getUploaded() - line.getUsed() - line.getTransferred() < 0) {
                negativeBalanceEvents++;
                problem("negative balance published: " + state.getOwner() + " " + line);
            }
        }
    }

    private void checkStateEvent(String key, String ceId) {
        String earlier = stateEvents.putIfAbsent(key, ceId);
        if (earlier == null || earlier.equals(ceId)) {
            if (earlier != null) {
                republished++;
            }
            return;
        }
        duplicates++;
        problem("two different state events for " + key + ": " + earlier + " and " + ceId);
    }

    synchronized void onMoveCharged(String ceId, MoveCharged event) {
        Set<String> ids = charged.computeIfAbsent(event.getMoveId(), id -> new HashSet<>());
        if (!ids.add(ceId)) {
            republished++;
        } else if (ids.size() > 1) {
            duplicates++;
            problem("move " + event.getMoveId() + " charged by " + ids.size() + " different events " + ids);
        }
    }

    synchronized void onRmaRejected(String ceId, RmaNotificationRejected rejection) {
        String id = rejection.getNotificationId();
        if (!id.contains(runMarker)) {
            return;
        }
        Set<String> ids = rmaRejectionIds.computeIfAbsent(id, x -> new HashSet<>());
        if (!ids.add(ceId)) {
            republished++;
            return;
        }
        if (ids.size() > 1) {
            duplicates++;
            problem("RMA notification " + id + " refused by " + ids.size() + " different events");
            return;
        }
        rmaRejections.put(id, rejection.getRejections().stream().map(Rejection::getReason)
                .collect(Collectors.toSet()));
        Step rma = pendingRmaByMac.values().stream().filter(s -> s.id.equals(id)).findFirst().orElse(null);
        if (rma != null) {
            pendingRmaByMac.remove(rma.rmaUnit.mac);
            outstanding.remove(rma.sequence);
            rma.account.inFlight = null;
            rma.rmaUnit.rma = false;
            wrong++;
            problem("RMA notification " + id + " for " + rma.rmaUnit.mac + " refused: " + rejection.getRejections());
        }
    }

    synchronized void onKey(String orderNumber, String key) {
        keysByOrder.put(orderNumber, key);
    }

    /** The moves whose outcome the checkpoint checks (a snapshot). */
    synchronized List<Model.Move> moves() {
        return List.copyOf(model.moves);
    }

    synchronized Map<String, Object> counters() {
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("sent", sent);
        counters.put("answered", answered);
        counters.put("duplicates", duplicates);
        counters.put("wrong", wrong);
        counters.put("republishedSameCeId", republished);
        counters.put("negativeBalanceEvents", negativeBalanceEvents);
        counters.put("unexpectedResults", unexpected);
        Map<String, String> kinds = new LinkedHashMap<>();
        answersByKind.forEach((kind, counts) -> kinds.put(kind, counts[0] + " accepted, " + counts[1] + " rejected"));
        counters.put("answersByKind", kinds);
        return counters;
    }
}
