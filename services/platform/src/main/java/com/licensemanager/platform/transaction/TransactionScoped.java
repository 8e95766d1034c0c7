package com.licensemanager.platform.transaction;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Values that live exactly as long as the current transaction: bound under a key (the component that owns them)
 * and unbound when the transaction completes, committed or rolled back. A batch that fails is retried record by
 * record in new transactions, which must not see what the failed one read or planned.
 */
public final class TransactionScoped {

    private TransactionScoped() {
    }

    /** Binds {@code value} under {@code key} for the rest of the current transaction, replacing an earlier one. */
    public static void bind(Object key, Object value) {
        // Registering first fails outside a transaction before anything is bound to the thread.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
        TransactionSynchronizationManager.unbindResourceIfPossible(key);
        TransactionSynchronizationManager.bindResource(key, value);
    }

    /** What is bound under {@code key} in the current transaction, or null. */
    public static <T> T get(Object key, Class<T> type) {
        return type.cast(TransactionSynchronizationManager.getResource(key));
    }
}
