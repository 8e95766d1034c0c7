package com.licensemanager.requests.moves;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Moves of licenses to another unit ({@code licensing.moves.*}).
 *
 * @param deadline how long the old unit of a move has to reach the vendor before the moved licenses are invoiced
 */
@ConfigurationProperties("licensing.moves")
public record MoveProperties(@DefaultValue("28d") Duration deadline) {
}
