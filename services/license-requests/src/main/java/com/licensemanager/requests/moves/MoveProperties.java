package com.licensemanager.requests.moves;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Moves of licenses to another unit ({@code licensing.moves.*}).
 *
 * @param deadline  how long the old unit of a move has to reach the vendor before the moved licenses are invoiced
 * @param reminders how long before the deadline the partner is reminded, once per offset; an offset at or beyond
 *                  the deadline's distance when a move is made is skipped for that move
 */
@ConfigurationProperties("licensing.moves")
public record MoveProperties(@DefaultValue("28d") Duration deadline,
                             @DefaultValue({"7d", "1d"}) List<Duration> reminders) {

    public MoveProperties {
        reminders = List.copyOf(reminders);
        for (Duration offset : reminders) {
            // Refused at start-up rather than at the first move: such a reminder would come when the charge does.
            if (offset.isNegative() || offset.isZero()) {
                throw new IllegalArgumentException("licensing.moves.reminders must be positive offsets, not " + offset);
            }
        }
    }
}
