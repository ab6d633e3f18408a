package org.vigie.simulator;

import static org.vigie.simulator.DeviceCatalogue.CHEST_PAIN;
import static org.vigie.simulator.DeviceCatalogue.ECG_AF;
import static org.vigie.simulator.DeviceCatalogue.MAMMO_2D;
import static org.vigie.simulator.DeviceCatalogue.PATHO_PROSTATE;
import static org.vigie.simulator.DeviceCatalogue.TRIAGE_ED;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.ReporterRole;

/**
 * The named scenarios, each a story with a known ground truth and the alerts it should produce. Times are set
 * back from the end of the span, so the effect is at full strength over the last week whatever the span's length
 * (21 days or more gives each story its clean baseline weeks first).
 */
public enum Scenario {

    BASELINE("baseline", "Every device performs as it does on its validation data; nothing to find.") {
        @Override
        ScenarioPlan plan(Fleet fleet, Timeline timeline) {
            return new ScenarioPlan(fleet, timeline);
        }
    },

    COVARIATE_SHIFT("covariate-shift", "A new slide scanner at the busiest pathology lab of " + PATHO_PROSTATE
            + " darkens the hematoxylin stain (+0.25 optical density) for the last 10 days; labels and performance unchanged.") {
        @Override
        ScenarioPlan plan(Fleet fleet, Timeline timeline) {
            Site lab = fleet.deployment(PATHO_PROSTATE).busiestSite();
            // Ten days: the drift windows (7 days, judged daily) must hold the shift on consecutive days to fire.
            Instant installed = timeline.beforeEnd(Duration.ofDays(10));
            return new ScenarioPlan(fleet, timeline) {
                @Override
                public double featureShift(DeviceProfile device, Site site, Instant time, String feature) {
                    return device.deviceId().equals(PATHO_PROSTATE) && site.equals(lab) && !time.isBefore(installed)
                            && feature.equals(SHIFTED_FEATURE) ? STAIN_SHIFT : 0;
                }

                @Override
                public List<ExpectedAlert> expectedAlerts() {
                    return List.of(ExpectedAlert.required(AlertKind.DATA_DRIFT, PATHO_PROSTATE, version(fleet, PATHO_PROSTATE),
                            "site " + lab.finess() + " (" + Math.round(100 * fleet.deployment(PATHO_PROSTATE).share(lab))
                                    + " % of the device's slides) scans with a new scanner").feature(SHIFTED_FEATURE));
                }
            };
        }
    },

    PERFORMANCE_DECAY("performance-decay", "Sensitivity of " + MAMMO_2D
            + " falls from 0.93 to 0.84 over two weeks (claim: 0.90; from the start of a shorter span), then stays there"
            + " for the last 10 days.") {
        @Override
        ScenarioPlan plan(Fleet fleet, Timeline timeline) {
            // Labels come days late (biopsies) and the drift service judges performance 3 days after a window's end:
            // the decayed weeks must end early enough to be judged, twice, before the span ends.
            Instant onset = timeline.beforeEnd(Duration.ofDays(24));
            Instant bottom = timeline.beforeEnd(Duration.ofDays(10));
            return new ScenarioPlan(fleet, timeline) {
                @Override
                public double missRate(DeviceProfile device, String modelVersion, Site site, Instant time, String sex,
                                       String ageBand) {
                    if (!device.deviceId().equals(MAMMO_2D)) {
                        return 0;
                    }
                    return device.scores().missRateFor(ramp(time, onset, bottom, device.scores().sensitivity(),
                            DECAYED_SENSITIVITY));
                }

                @Override
                public List<ExpectedAlert> expectedAlerts() {
                    String v = version(fleet, MAMMO_2D);
                    return List.of(
                            ExpectedAlert.required(AlertKind.PERFORMANCE_BELOW_CLAIM, MAMMO_2D, v,
                                    "sensitivity 0.84 over the last 10 days against a claim of 0.90").metric("sensitivity"),
                            ExpectedAlert.allowed(AlertKind.ERROR_RATE_CHANGE, MAMMO_2D, v,
                                    "more missed cancers raise the error rate a little"));
                }
            };
        }
    },

    SUBGROUP_BIAS("subgroup-bias", "Sensitivity of " + CHEST_PAIN
            + " for women aged 75+ falls from 0.93 to 0.60 in the second-to-last week and stays there; others hold."
            + " A cardiologist files a bias concern.") {
        @Override
        ScenarioPlan plan(Fleet fleet, Timeline timeline) {
            Instant onset = timeline.beforeEnd(Duration.ofDays(14));
            Instant bottom = timeline.beforeEnd(Duration.ofDays(7));
            String v = version(fleet, CHEST_PAIN);
            FeedbackEvent concern = report(fleet, timeline, CHEST_PAIN, Duration.ofDays(2), ReporterRole.PHYSICIAN,
                    FeedbackCategory.BIAS_CONCERN, Harm.NON_SERIOUS,
                    "Several women over 75 with a confirmed myocardial infarction were scored low risk this month; "
                            + "we now ask for a cardiology opinion for every older woman with chest pain.",
                    List.of("A0901"));
            return new ScenarioPlan(fleet, timeline) {
                @Override
                public double missRate(DeviceProfile device, String modelVersion, Site site, Instant time, String sex,
                                       String ageBand) {
                    if (!device.deviceId().equals(CHEST_PAIN) || !"F".equals(sex) || !OLDEST_BAND.equals(ageBand)) {
                        return 0;
                    }
                    return device.scores().missRateFor(ramp(time, onset, bottom, device.scores().sensitivity(),
                            BIASED_SENSITIVITY));
                }

                @Override
                public List<FeedbackEvent> fieldReports() {
                    return List.of(concern);
                }

                @Override
                public List<ExpectedAlert> expectedAlerts() {
                    return List.of(
                            ExpectedAlert.required(AlertKind.SUBGROUP_GAP, CHEST_PAIN, v,
                                    "patients aged 75+: women's sensitivity 0.60 pulls the group to ~0.78 against ~0.93")
                                    .metric("sensitivity").subgroup("ageBand=" + OLDEST_BAND),
                            ExpectedAlert.required(AlertKind.SUBGROUP_GAP, CHEST_PAIN, v,
                                    "women: a third of them are 75+, so the group falls to ~0.81 against ~0.93 for men")
                                    .metric("sensitivity").subgroup("sex=F"),
                            ExpectedAlert.required(AlertKind.FIELD_REPORT, CHEST_PAIN, v, "the cardiologist's bias concern"),
                            ExpectedAlert.allowed(AlertKind.ERROR_RATE_CHANGE, CHEST_PAIN, v, "more misses overall"),
                            ExpectedAlert.allowed(AlertKind.PERFORMANCE_BELOW_CLAIM, CHEST_PAIN, v,
                                    "overall sensitivity ~0.88 stays above the 0.85 claim, but close"));
                }
            };
        }
    },

    OVERRIDE_SURGE("override-surge", "Emergency clinicians override " + TRIAGE_ED
            + " far more often over the last week (8 % → 30 % of decisions, ramping over two days); the model is unchanged.") {
        @Override
        ScenarioPlan plan(Fleet fleet, Timeline timeline) {
            Instant onset = timeline.beforeEnd(Duration.ofDays(7));
            Instant full = timeline.beforeEnd(Duration.ofDays(5));
            return new ScenarioPlan(fleet, timeline) {
                @Override
                public double overrideRate(DeviceProfile device, Site site, Instant time) {
                    double usual = device.usage().overrideRate();
                    return device.deviceId().equals(TRIAGE_ED) ? ramp(time, onset, full, usual, SURGED_OVERRIDE_RATE) : usual;
                }

                @Override
                public List<ExpectedAlert> expectedAlerts() {
                    return List.of(ExpectedAlert.required(AlertKind.USAGE_SHIFT, TRIAGE_ED, version(fleet, TRIAGE_ED),
                            "override rate 0.08 -> 0.30").metric("override_or_ignore_rate"));
                }
            };
        }
    },

    SERIOUS_INCIDENT("serious-incident", "A physician reports a death: a patient triaged low acuity by " + TRIAGE_ED
            + " deteriorated in the waiting room. One field report, harm death (MDR Art. 87: 10 days).") {
        @Override
        ScenarioPlan plan(Fleet fleet, Timeline timeline) {
            FeedbackEvent death = report(fleet, timeline, TRIAGE_ED, Duration.ofDays(2), ReporterRole.PHYSICIAN,
                    FeedbackCategory.WRONG_OUTPUT, Harm.DEATH,
                    "Patient scored low acuity by the triage support at arrival; deteriorated in the waiting room and "
                            + "died before being seen by a physician. Vital signs at arrival were abnormal.",
                    List.of("A0901"));
            return new ScenarioPlan(fleet, timeline) {
                @Override
                public List<FeedbackEvent> fieldReports() {
                    return List.of(death);
                }

                @Override
                public List<ExpectedAlert> expectedAlerts() {
                    return List.of(ExpectedAlert.required(AlertKind.FIELD_REPORT, TRIAGE_ED, version(fleet, TRIAGE_ED),
                            "field report with harm death, event " + death.eventId()));
                }
            };
        }
    },

    VERSION_UPDATE("version-update", "Model version " + ECG_AF + " 3.1.0"
            + " rolls out to every site 14 to 12 days before the end; its sensitivity is 0.85 (previous 0.95, claim 0.90).") {
        @Override
        ScenarioPlan plan(Fleet fleet, Timeline timeline) {
            DeviceProfile ecg = fleet.device(ECG_AF);
            DeviceRegistration next = DeviceCatalogue.version(ecg.registration(), NEW_ECG_VERSION);
            // Early enough that the new version's labelled windows are judged (3 days after their end) twice.
            Instant first = timeline.beforeEnd(Duration.ofDays(14));
            long rollout = Duration.ofDays(2).toMillis();
            double newMissRate = ecg.scores().missRateFor(NEW_VERSION_SENSITIVITY);
            return new ScenarioPlan(fleet, timeline) {
                @Override
                public String modelVersion(DeviceProfile device, Site site, Instant time) {
                    if (!device.deviceId().equals(ECG_AF)) {
                        return device.modelVersion();
                    }
                    // Each site upgrades at its own moment within the rollout.
                    SplittableRandom r = Draws.stream(fleet.seed(), 77, site.finess().hashCode());
                    Instant upgrade = first.plusMillis((long) (r.nextDouble() * rollout));
                    return time.isBefore(upgrade) ? device.modelVersion() : NEW_ECG_VERSION;
                }

                @Override
                public double missRate(DeviceProfile device, String modelVersion, Site site, Instant time, String sex,
                                       String ageBand) {
                    return NEW_ECG_VERSION.equals(modelVersion) && device.deviceId().equals(ECG_AF) ? newMissRate : 0;
                }

                @Override
                public List<DeviceRegistration> extraRegistrations() {
                    return List.of(next);
                }

                @Override
                public List<ExpectedAlert> expectedAlerts() {
                    return List.of(
                            ExpectedAlert.required(AlertKind.VERSION_REGRESSION, ECG_AF, NEW_ECG_VERSION,
                                    "sensitivity 0.85 against 0.95 for " + ecg.modelVersion()).metric("sensitivity"),
                            ExpectedAlert.required(AlertKind.PERFORMANCE_BELOW_CLAIM, ECG_AF, NEW_ECG_VERSION,
                                    "sensitivity 0.85 against a claim of 0.90").metric("sensitivity"),
                            ExpectedAlert.allowed(AlertKind.ERROR_RATE_CHANGE, ECG_AF, NEW_ECG_VERSION,
                                    "the new version errs more than the old one's in-control rate"));
                }
            };
        }
    },

    ALL("all", "Every story above at once, each on its own device (override surge and the death report share the"
            + " emergency triage device, as different alert kinds); every other device is a baseline. One run checks"
            + " every scenario's alerts, and that nothing else is raised.") {
        @Override
        ScenarioPlan plan(Fleet fleet, Timeline timeline) {
            return new CompositePlan(fleet, timeline, Arrays.stream(values())
                    .filter(s -> s != ALL && s != BASELINE)
                    .map(s -> s.plan(fleet, timeline))
                    .toList());
        }
    };

    /** The feature a new scanner shifts in covariate-shift, and by how much (about 3 reference SDs). */
    public static final String SHIFTED_FEATURE = "hematoxylinOpticalDensity";
    public static final double STAIN_SHIFT = 0.25;
    public static final double DECAYED_SENSITIVITY = 0.84;
    public static final double BIASED_SENSITIVITY = 0.60;
    public static final String OLDEST_BAND = "75+";
    public static final double SURGED_OVERRIDE_RATE = 0.30;
    public static final String NEW_ECG_VERSION = "3.1.0";
    public static final double NEW_VERSION_SENSITIVITY = 0.85;

    private final String scenarioName;
    private final String story;

    Scenario(String scenarioName, String story) {
        this.scenarioName = scenarioName;
        this.story = story;
    }

    abstract ScenarioPlan plan(Fleet fleet, Timeline timeline);

    public String scenarioName() {
        return scenarioName;
    }

    public String story() {
        return story;
    }

    /** The expected alerts of this scenario for a fleet and span. */
    public List<ExpectedAlert> expectedAlerts(Fleet fleet, Timeline timeline) {
        return plan(fleet, timeline).expectedAlerts();
    }

    public static Scenario named(String name) {
        return Arrays.stream(values())
                .filter(s -> s.scenarioName.equals(name.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + name + "; one of "
                        + Arrays.stream(values()).map(Scenario::scenarioName).toList()));
    }

    private static String version(Fleet fleet, String deviceId) {
        return fleet.device(deviceId).modelVersion();
    }

    /** A field report filed at the device's busiest site this long before the end. */
    private static FeedbackEvent report(Fleet fleet, Timeline timeline, String deviceId, Duration beforeEnd,
                                        ReporterRole role, FeedbackCategory category, Harm harm, String description,
                                        List<String> imdrfCodes) {
        DeviceProfile device = fleet.device(deviceId);
        Site site = fleet.deployment(deviceId).busiestSite();
        UUID eventId = Draws.uuid(Draws.stream(fleet.seed(), 99, deviceId.hashCode(), category.ordinal()));
        return new FeedbackEvent(FeedbackEvent.TYPE, 1, eventId, deviceId, device.modelVersion(), site.finess(),
                site.region().inseeCode(), timeline.beforeEnd(beforeEnd), role, category, harm, description, imdrfCodes);
    }
}
