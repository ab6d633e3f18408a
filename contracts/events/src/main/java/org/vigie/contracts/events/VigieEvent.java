package org.vigie.contracts.events;

/**
 * Every event on a Vigie topic carries its schema version. Evolution is additive within a major version:
 * new optional fields only, so an old document always reads with the current record.
 */
public interface VigieEvent {
    /** The schema version written by today's producers. */
    int CURRENT_SCHEMA_VERSION = 1;

    int schemaVersion();
}
