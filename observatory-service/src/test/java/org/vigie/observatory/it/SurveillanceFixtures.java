package org.vigie.observatory.it;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.RiskClass;
import org.vigie.contracts.events.Severity;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.UseCase;
import org.vigie.contracts.events.WindowKind;

/** Registrations, drift signals and alerts as the other services publish them. */
public final class SurveillanceFixtures {

    private SurveillanceFixtures() {
    }

    public static DeviceRegistration registration(String device, String version, UseCase useCase, RiskClass risk,
                                           DeviceRegistration.EnergyProfile energy) {
        return new DeviceRegistration(1, device, "0376012345" + Math.abs(device.hashCode() % 10000), null, "acme", device,
                "model", version, useCase, risk, DeviceRegulation.MDR, "test device", List.of("FR"), 0.5, List.of(),
                List.of(), List.of(), energy, Instant.parse("2025-01-01T00:00:00Z"));
    }

    public static DriftSignal signal(String device, String version, SignalKind kind, String metric, String subgroup, double value,
                              Double claim, double lower, double upper, long n, Instant at) {
        return new DriftSignal(1, UUID.nameUUIDFromBytes((device + kind + metric + subgroup + at).getBytes()),
                device + "|" + kind, device, version, null, kind, Severity.HIGH, metric, null, subgroup,
                new DriftSignal.Window(WindowKind.values()[0], at.minusSeconds(86_400), at, n), "wilson", value, claim,
                new DriftSignal.Interval(lower, upper, 0.95, "wilson"), 0.01,
                new DriftSignal.SampleSizes(n, null, null, null, 0.6), "claim", false, Map.of(), at);
    }

    public static Alert alert(String device, AlertKind kind, Severity severity, AlertStatus status, long revision, Instant firstSeen,
                       Instant deadline) {
        return new Alert(1, UUID.nameUUIDFromBytes((device + kind + firstSeen).getBytes()), revision, device, "1.0", "acme",
                List.of("FR"), kind, severity, status, "alert", device + "|" + kind, Map.of(), firstSeen, firstSeen, 1,
                firstSeen, List.of(new Alert.Obligation("EU MDR 2017/745", "Art. 87", "ANSM", deadline,
                        deadline.isBefore(Instant.now()), false, "serious incident")), firstSeen.plusSeconds(60));
    }
}
