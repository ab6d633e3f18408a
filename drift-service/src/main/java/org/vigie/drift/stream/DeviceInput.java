package org.vigie.drift.stream;

import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;

/**
 * What the device monitor receives, one of four kinds, merged into one stream keyed by deviceId so that
 * one processor (and one partition) owns all of a device's state. Never serialized: the merge happens
 * after the sources, inside one sub-topology.
 */
record DeviceInput(DeviceRegistration registration, InferenceEvent inference, OutcomeEvent outcome, UsageEvent usage) {

    static DeviceInput of(DeviceRegistration r) {
        return new DeviceInput(r, null, null, null);
    }

    static DeviceInput of(InferenceEvent e) {
        return new DeviceInput(null, e, null, null);
    }

    static DeviceInput of(OutcomeEvent e) {
        return new DeviceInput(null, null, e, null);
    }

    static DeviceInput of(UsageEvent e) {
        return new DeviceInput(null, null, null, e);
    }
}
