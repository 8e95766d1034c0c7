package com.licensemanager.platform.timers;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Instant;

/**
 * Durable timers in PostgreSQL (db-scheduler's table), set and cancelled in the caller's transaction: a timer exists
 * exactly when the change that needs it committed. Firing them is the job of a worker that runs the tasks.
 */
public class DurableTimers {

    private final SchedulerClient client;

    public DurableTimers(DataSource dataSource) {
        this.client = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource)).build();
    }

    /** Sets the timer unless it is set already (a redelivered command sets it once). */
    public void schedule(String task, String id, Instant at) {
        client.scheduleIfNotExists(new TaskInstance<Void>(task, id), at);
    }

    /**
     * Cancels the timer if it is still pending. One that is firing right now is left alone: whatever it does must be
     * decided by the same data the caller changes, so exactly one of the two wins.
     */
    public void cancel(String task, String id) {
        try {
            client.cancel(TaskInstanceId.of(task, id));
        } catch (TaskInstanceNotFoundException | TaskInstanceCurrentlyExecutingException e) {
            // Already fired, or firing: nothing to cancel.
        }
    }

    public boolean isPending(String task, String id) {
        return client.getScheduledExecution(TaskInstanceId.of(task, id)).isPresent();
    }
}
