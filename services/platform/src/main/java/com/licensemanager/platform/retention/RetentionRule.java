package com.licensemanager.platform.retention;

import java.time.Instant;

/** Rows of one table that are no longer needed, deleted in bounded chunks; each module contributes its own. */
public interface RetentionRule {

    String name();

    /** Deletes at most {@code limit} rows no longer needed at {@code now}; answers how many were deleted. */
    int purge(Instant now, int limit);
}
