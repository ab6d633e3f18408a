package org.vigie.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeedbackEvent;

/**
 * Several scenarios' plans in one world. Each plan changes only its own devices, so their effects are combined
 * by taking, for every question, the answer of the plan that departs from the usual: the new model version, the
 * higher miss rate, the sum of the input shifts, the changed override rate; field reports, registrations and
 * expected alerts are the union. {@code CompositePlanTest} checks that no device is changed by two plans in the
 * same way, so nothing in the union is ambiguous.
 */
final class CompositePlan extends ScenarioPlan {

    private final List<ScenarioPlan> plans;

    CompositePlan(Fleet fleet, Timeline timeline, List<ScenarioPlan> plans) {
        super(fleet, timeline);
        this.plans = List.copyOf(plans);
    }

    @Override
    public String modelVersion(DeviceProfile device, Site site, Instant time) {
        return plans.stream().map(p -> p.modelVersion(device, site, time))
                .filter(v -> !Objects.equals(v, device.modelVersion()))
                .findFirst().orElse(device.modelVersion());
    }

    @Override
    public double missRate(DeviceProfile device, String modelVersion, Site site, Instant time, String sex, String ageBand) {
        return plans.stream().mapToDouble(p -> p.missRate(device, modelVersion, site, time, sex, ageBand)).max().orElse(0);
    }

    @Override
    public double featureShift(DeviceProfile device, Site site, Instant time, String feature) {
        return plans.stream().mapToDouble(p -> p.featureShift(device, site, time, feature)).sum();
    }

    @Override
    public double overrideRate(DeviceProfile device, Site site, Instant time) {
        double usual = device.usage().overrideRate();
        return plans.stream().mapToDouble(p -> p.overrideRate(device, site, time))
                .filter(r -> r != usual).findFirst().orElse(usual);
    }

    @Override
    public List<FeedbackEvent> fieldReports() {
        return plans.stream().flatMap(p -> p.fieldReports().stream()).toList();
    }

    @Override
    public List<DeviceRegistration> extraRegistrations() {
        return plans.stream().flatMap(p -> p.extraRegistrations().stream()).toList();
    }

    @Override
    public List<ExpectedAlert> expectedAlerts() {
        return plans.stream().flatMap(p -> p.expectedAlerts().stream()).toList();
    }

    List<ScenarioPlan> plans() {
        return plans;
    }
}
