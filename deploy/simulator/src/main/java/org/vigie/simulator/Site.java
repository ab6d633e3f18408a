package org.vigie.simulator;

/**
 * An establishment using AI devices: its FINESS number (9 characters: the département, then 7 digits), kind,
 * region, and its activity relative to others (how many of a device's cases it sees).
 */
public record Site(String finess, SiteType type, Region region, double activity) {
}
