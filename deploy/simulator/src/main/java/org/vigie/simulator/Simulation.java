package org.vigie.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.EventIds;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.events.UsageEvent;

/**
 * The fleet at work over the span, under a scenario: every device's cases day by day (Poisson case counts,
 * weekday and hour-of-day activity, sites by their share), each an inference, then — if and when it arrives
 * before the end — its ground truth, and what the clinician did with it. Events come out in event-time order,
 * as devices would send them as they happen; an outcome always after its inference.
 *
 * <p>Deterministic: the cases of one device on one day come from a stream of draws keyed by (seed, device, day),
 * and event ids are drawn from it too, so the same seed and end give the same events, byte for byte, and a replay
 * of a run is recognised by ingest as duplicates.
 */
public final class Simulation {

    private static final double SCORE_SCALE = 10_000.0;
    /** Green Algorithms: memory draws 0.3725 W per GB. */
    private static final double WATTS_PER_GB = 0.3725;

    private final Fleet fleet;
    private final Scenario scenario;
    private final Timeline timeline;
    private final ScenarioPlan plan;
    private final double volume;
    private final double labelDelayScale;

    /**
     * @param volume          multiplies every device's case load (1: about 7,000 cases a day across the fleet)
     * @param labelDelayScale multiplies every ground-truth delay (below 1 to see labels sooner in a short run)
     */
    public Simulation(Fleet fleet, Scenario scenario, Timeline timeline, double volume, double labelDelayScale) {
        if (!(volume > 0) || !(labelDelayScale > 0)) {
            throw new IllegalArgumentException("volume and label delay scale must be positive");
        }
        this.fleet = fleet;
        this.scenario = scenario;
        this.timeline = timeline;
        this.plan = scenario.plan(fleet, timeline);
        this.volume = volume;
        this.labelDelayScale = labelDelayScale;
    }

    /** One simulated case with its ground truth, whether or not its outcome is ever sent. */
    public record SimulatedCase(String deviceId, String modelVersion, Site site, Instant time, String sex, String ageBand,
                                Map<String, Object> features, double score, boolean positive, boolean predictedPositive) {
    }

    /** Sees every case as it is made; tests use it to check the ground truth. */
    @FunctionalInterface
    public interface CaseLog {
        CaseLog NONE = c -> { };

        void record(SimulatedCase simulatedCase);
    }

    public Fleet fleet() {
        return fleet;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Timeline timeline() {
        return timeline;
    }

    public List<ExpectedAlert> expectedAlerts() {
        return plan.expectedAlerts();
    }

    /** What to register before sending: every device's current version, and the scenario's new versions. */
    public List<DeviceRegistration> registrations() {
        List<DeviceRegistration> all = new ArrayList<>();
        fleet.devices().forEach(d -> all.add(d.registration()));
        all.addAll(plan.extraRegistrations());
        return all;
    }

    public Iterator<DeviceEvent> events() {
        return events(CaseLog.NONE);
    }

    /** The span's events in event-time order, each case shown to the log as it is made. */
    public Iterator<DeviceEvent> events(CaseLog log) {
        return new EventIterator(log);
    }

    /** An event waiting for its time; seq keeps generation order among equal times. */
    private record Timed(Instant time, long seq, DeviceEvent event) {
    }

    private final class EventIterator implements Iterator<DeviceEvent> {

        private final CaseLog log;
        private final PriorityQueue<Timed> queue = new PriorityQueue<>(
                Comparator.comparing(Timed::time).thenComparingLong(Timed::seq));
        private long seq;
        private int nextDay;

        EventIterator(CaseLog log) {
            this.log = log;
            plan.fieldReports().forEach(r -> queue.add(new Timed(r.reportedAt(), seq++, r)));
        }

        @Override
        public boolean hasNext() {
            while (nextDay < timeline.days() && (queue.isEmpty() || !queue.peek().time().isBefore(timeline.dayStart(nextDay)))) {
                simulateDay(nextDay++);
            }
            return !queue.isEmpty();
        }

        @Override
        public DeviceEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return queue.poll().event();
        }

        private void simulateDay(int day) {
            Instant dayStart = timeline.dayStart(day);
            boolean weekend = switch (dayStart.atZone(ZoneOffset.UTC).getDayOfWeek()) {
                case SATURDAY, SUNDAY -> true;
                default -> false;
            };
            List<DeviceProfile> devices = fleet.devices();
            for (int d = 0; d < devices.size(); d++) {
                DeviceProfile device = devices.get(d);
                SplittableRandom random = Draws.stream(fleet.seed(), 3, d, day);
                double mean = volume * device.casesPerDay() * (weekend ? device.weekendFactor() : 1.0);
                int cases = Draws.poisson(random, mean);
                for (int c = 0; c < cases; c++) {
                    Instant time = dayStart.plus(Duration.ofHours(device.hours().drawHour(random)))
                            .plusMillis(random.nextLong(3_600_000L));
                    if (time.isAfter(timeline.end())) {
                        continue; // the last day is cut at the end
                    }
                    Site site = fleet.drawSite(device.deviceId(), random);
                    simulateCase(device, site, time, random);
                }
            }
        }

        private void simulateCase(DeviceProfile device, Site site, Instant time, SplittableRandom random) {
            // Every draw is made whether or not the event is kept, so one case never shifts the next one's draws.
            // Time-ordered ids, as the contract recommends (two draws each, as a random UUID took).
            UUID inferenceId = EventIds.timeOrdered(time.toEpochMilli(), random);
            UUID outcomeId = EventIds.timeOrdered(time.toEpochMilli(), random);
            UUID usageId = EventIds.timeOrdered(time.toEpochMilli(), random);
            String caseId = "c" + Long.toString(random.nextLong() >>> 1, 36);
            double age = device.patients().age().drawValue(random);
            String sex = Draws.chance(random, device.patients().femaleShare()) ? "F" : "M";
            String ageBand = ageBand(age);
            Map<String, Object> features = new LinkedHashMap<>();
            for (FeatureModel feature : device.features()) {
                if (feature == device.patients().age()) {
                    features.put(feature.name(), Math.round(age));
                } else if (feature.name().equals("sex")) {
                    features.put(feature.name(), sex);
                } else if (feature instanceof FeatureModel.Numeric numeric) {
                    double shift = plan.featureShift(device, site, time, feature.name());
                    features.put(feature.name(), numeric.round(numeric.drawValue(random) + shift));
                } else {
                    features.put(feature.name(), feature.draw(random));
                }
            }
            String version = plan.modelVersion(device, site, time);
            double missRate = plan.missRate(device, version, site, time, sex, ageBand);
            ScoreModel.Scored scored = device.scores().draw(random, missRate);
            double score = Math.round(scored.score() * SCORE_SCALE) / SCORE_SCALE;
            boolean predicted = device.scores().predictsPositive(score);
            double latency = Math.round(Draws.logNormal(random, device.latencyMs(), 0.3) * 10) / 10.0;
            Double energy = device.measuresEnergy() ? Math.round(watts(device) * latency / 1000 * 100) / 100.0 : null;
            boolean labelled = Draws.chance(random, device.labels().share());
            double delayHours = Draws.logNormal(random, device.labels().medianDelayHours() * labelDelayScale,
                    device.labels().sigma());
            boolean used = Draws.chance(random, device.usage().share());
            double action = random.nextDouble();
            double usageDelayMinutes = Draws.logNormal(random, 4, 0.8);
            String role = device.usage().userRoles().get(random.nextInt(device.usage().userRoles().size()));

            Map<String, String> subgroups = Map.of("sex", sex, "ageBand", ageBand);
            InferenceEvent inference = new InferenceEvent(InferenceEvent.TYPE, 1, inferenceId, device.deviceId(), version,
                    site.finess(), site.type().code(), site.region().inseeCode(), time, caseId, features, score,
                    predicted ? 1 : 0, subgroups, latency, energy);
            queue.add(new Timed(time, seq++, inference));
            log.record(new SimulatedCase(device.deviceId(), version, site, time, sex, ageBand, features, score,
                    scored.positive(), predicted));

            Instant observedAt = time.plusMillis((long) (delayHours * 3_600_000L));
            if (labelled && !observedAt.isAfter(timeline.end())) {
                OutcomeEvent outcome = new OutcomeEvent(OutcomeEvent.TYPE, 1, outcomeId, device.deviceId(), inferenceId,
                        caseId, scored.positive() ? 1 : 0,
                        scored.positive() ? device.labels().positiveSource() : device.labels().negativeSource(), observedAt);
                queue.add(new Timed(observedAt, seq++, outcome));
            }
            Instant usedAt = time.plusMillis((long) (usageDelayMinutes * 60_000L));
            if (used && !usedAt.isAfter(timeline.end())) {
                double overrideRate = plan.overrideRate(device, site, time);
                UsageAction what = action < overrideRate ? UsageAction.OVERRIDDEN
                        : action < overrideRate + device.usage().ignoreRate() ? UsageAction.IGNORED : UsageAction.ACCEPTED;
                UsageEvent usage = new UsageEvent(UsageEvent.TYPE, 1, usageId, device.deviceId(), version, site.finess(),
                        site.region().inseeCode(), usedAt, inferenceId, what, role, device.usage().specialty());
                queue.add(new Timed(usedAt, seq++, usage));
            }
        }
    }

    /** The age bands of the subgroups. */
    public static String ageBand(double age) {
        long years = Math.round(age);
        if (years < 18) {
            return "<18";
        } else if (years < 40) {
            return "18-39";
        } else if (years < 50) {
            return "40-49";
        } else if (years < 60) {
            return "50-59";
        } else if (years < 75) {
            return "60-74";
        }
        return "75+";
    }

    /** The device's power draw: declared watts, or cores × W per core × usage plus memory (Green Algorithms), × PUE. */
    static double watts(DeviceProfile device) {
        var p = device.registration().energyProfile();
        double draw = p.watts() != null ? p.watts()
                : p.cores() * p.wattsPerCore() * p.coreUsage() + (p.memoryGb() == null ? 0 : p.memoryGb() * WATTS_PER_GB);
        return draw * (p.pue() == null ? 1.0 : p.pue());
    }
}
