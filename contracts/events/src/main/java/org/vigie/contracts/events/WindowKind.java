package org.vigie.contracts.events;

/** Event-time windows for busy devices, count windows for low-volume ones. */
public enum WindowKind {
    TIME, COUNT
}
