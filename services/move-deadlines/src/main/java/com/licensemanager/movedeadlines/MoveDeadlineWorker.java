package com.licensemanager.movedeadlines;

import com.licensemanager.state.moves.MoveReminder;
import com.licensemanager.state.moves.Moves;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Fires move deadlines and the reminders before them ({@link MoveReminding}). Timers live in PostgreSQL (db-scheduler), so they survive restarts; several workers may
 * run, each due timer is picked by one of them ({@code SELECT ... FOR UPDATE SKIP LOCKED}), and a timer whose worker
 * died is picked up again — which {@link MoveCharging} makes harmless.
 */
public class MoveDeadlineWorker implements SmartLifecycle {

    private final java.util.function.Supplier<Scheduler> newScheduler;
    private volatile Scheduler scheduler;

    public MoveDeadlineWorker(DataSource dataSource, MoveCharging charging, MoveReminding reminding, Clock clock,
                              Duration pollingInterval, String name) {
        OneTimeTask<Void> deadline = Tasks.oneTime(Moves.DEADLINE_TIMER)
                // The database may be away when a deadline fires: try again soon, and keep trying.
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0))
                .execute((instance, context) -> charging.deadlinePassed(UUID.fromString(instance.getId())));
        CustomTask<Void> reminder = Tasks.custom(Moves.REMINDER_TIMER, Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    reminding.reminderDue(MoveReminder.ofTimerId(instance.getId()), context.getExecution().version);
                    // Nothing left to complete: the reminder's transaction deleted the row, or found it claimed anew.
                    return (complete, operations) -> { };
                });
        // A stopped db-scheduler cannot start again: every start is a new scheduler, as after a process restart.
        this.newScheduler = () -> Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), deadline, reminder)
                .clock(clock::instant)
                .pollingInterval(pollingInterval)
                .pollUsingLockAndFetch(0.5, 1.0)
                .heartbeatInterval(Duration.ofSeconds(5))
                .schedulerName(new com.github.kagkarlsson.scheduler.SchedulerName.Fixed(name))
                .threads(2)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = newScheduler.get();
            scheduler.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Looks for due timers now rather than at the next poll (tests move the clock and want the answer soon). */
    public void checkForDueDeadlines() {
        Scheduler running = scheduler;
        if (running != null) {
            running.triggerCheckForDueExecutions();
        }
    }
}
