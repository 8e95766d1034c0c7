package com.licensemanager.movedeadlines;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The move-deadline timer worker ({@code licensing.move-deadlines.*}).
 *
 * @param enabled         whether this instance fires move deadlines (read by the auto-configuration's condition)
 * @param pollingInterval how often the worker looks for due deadlines; a deadline fires at most this late
 */
@ConfigurationProperties("licensing.move-deadlines")
public record MoveDeadlinesProperties(@DefaultValue("true") boolean enabled,
                                      @DefaultValue("10s") Duration pollingInterval) {
}
