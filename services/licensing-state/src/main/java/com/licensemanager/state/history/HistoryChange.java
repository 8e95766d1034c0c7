package com.licensemanager.state.history;

/**
 * What changed of a unit or a balance; stored in {@code history_entry.change}, whose check lists the same values,
 * and published as the schema's {@code HistoryChange} of the same name (which has {@code OTHER} besides, for readers
 * built before a later value). The meaning of each is documented in {@code HistoryEntry.avsc}.
 */
public enum HistoryChange {
    SHIPPED, LICENSED, ADDED, SHARED, DETAILS_CHANGED, MOVED_OUT, MOVED_IN, RMA, REPLACED, REPLACEMENT,
    RETURNED_TO_VENDOR, MOVE_CHARGED, REFUNDED, JOINED_GROUP, KEY_REDEEMED, TRANSFER_KEY_CREATED,
    TRANSFER_KEY_REDEEMED, MEMBER_JOINED
}
