package org.vigie.contracts.events;

public enum DeliveryStatus {
    PENDING, DELIVERED, RETRYING, DEAD_LETTERED
}
