package org.vigie.simulator;

import static org.vigie.simulator.DeviceProfile.Hours.OFFICE;
import static org.vigie.simulator.DeviceProfile.Hours.ROUND_THE_CLOCK;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.vigie.contracts.events.ClaimMetric;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DeviceRegistration.EnergyProfile;
import org.vigie.contracts.events.DeviceRegistration.PerformanceClaim;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.OutcomeSource;
import org.vigie.contracts.events.RiskClass;
import org.vigie.contracts.events.UseCase;
import org.vigie.simulator.DeviceProfile.Labels;
import org.vigie.simulator.DeviceProfile.Patients;
import org.vigie.simulator.DeviceProfile.Usage;
import org.vigie.simulator.FeatureModel.Categorical;
import org.vigie.simulator.FeatureModel.Numeric;

/**
 * The simulated fleet's devices: three (fictitious) manufacturers, twelve AI devices across the use cases of the
 * French strategy — mammography screening, digital pathology, ECG reading, cardiovascular risk, emergency triage,
 * clinical speech-to-text. Identities and references are fixed (the same for every seed), so registering them
 * again is recognised by ingest-service as the same registration.
 *
 * <p>Prevalences are those of the population each device scores; for screening they are raised above the real
 * ~0.7 % cancer rate so that a week carries enough positives for the statistics (a simulation of an enriched
 * recall population; the 2D mammography device, whose decay the performance-decay scenario must show against its
 * claim within a week of labels, scores a recall clinic's 20 %). Each device performs a little better than it
 * claims when nothing is wrong.
 */
public final class DeviceCatalogue {

    public static final String HELIOS = "helios-imaging";
    public static final String PULSAR = "pulsar-cardio";
    public static final String SILLAGE = "sillage-clinical";

    public static final String MAMMO_2D = "helios-mammo-2d";
    public static final String MAMMO_DBT = "helios-mammo-dbt";
    public static final String PATHO_PROSTATE = "helios-patho-prostate";
    public static final String PATHO_LYMPH = "helios-patho-lymph";
    public static final String ECG_AF = "pulsar-ecg-af";
    public static final String ECG_STEMI = "pulsar-ecg-stemi";
    public static final String CHEST_PAIN = "pulsar-chest-pain";
    public static final String CV_RISK_10Y = "pulsar-cvrisk-10y";
    public static final String TRIAGE_ED = "sillage-triage-ed";
    public static final String TRIAGE_SAMU = "sillage-triage-samu";
    public static final String DICTATION = "sillage-dictation";
    public static final String DICTATION_RADIOLOGY = "sillage-dictation-rad";

    /** GS1 company prefixes (France: 300-379) of the three manufacturers. */
    private static final String HELIOS_PREFIX = "3770014";
    private static final String PULSAR_PREFIX = "3701245";
    private static final String SILLAGE_PREFIX = "3663218";

    /** When the catalogue's reference data were established; registrations are stamped by ingest anyway. */
    private static final long REFERENCE_SAMPLE = 20_000;

    private DeviceCatalogue() {
    }

    public static List<String> manufacturers() {
        return List.of(HELIOS, PULSAR, SILLAGE);
    }

    public static List<DeviceProfile> devices() {
        List<DeviceProfile> devices = new ArrayList<>();
        Numeric screeningAge = Numeric.of("patientAge", REFERENCE_SAMPLE, 0, 40, 50, 56, 62, 68, 74, 90);
        devices.add(device(HELIOS, MAMMO_2D, HELIOS_PREFIX, "00011", "Helios MammoScreen 2D", "mammo-cnn", "4.2.0",
                UseCase.DIAGNOSTIC_IMAGING, RiskClass.IIB, DeviceRegulation.MDR,
                "Second reader for breast cancer screening mammograms (2D); flags suspicious exams for radiologist review.",
                List.of("FR", "BE", "DE"), 0.2, claims(0.90, 0.85),
                List.of(screeningAge,
                        Categorical.of("breastDensity", REFERENCE_SAMPLE, "A", 0.10, "B", 0.40, "C", 0.40, "D", 0.10),
                        Numeric.of("compressedThicknessMm", REFERENCE_SAMPLE, 0, 20, 45, 55, 62, 95),
                        Numeric.of("tubeVoltageKvp", REFERENCE_SAMPLE, 1, 25, 28, 29, 30, 35)),
                new Patients(1.0, screeningAge), new ScoreModel(0.2, 0.20, 0.93, 0.90),
                700, OFFICE, 0.1, EnumSet.of(SiteType.IMAGING_CENTRE, SiteType.CH, SiteType.CHU, SiteType.CANCER_CENTRE,
                        SiteType.CLINIC), 45,
                new Labels(0.9, 96, 0.5, OutcomeSource.BIOPSY, OutcomeSource.EXPERT_REVIEW),
                new Usage(0.8, 0.06, 0.02, List.of("physician"), "radiology"), 1200, true,
                new EnergyProfile(null, 8, 12.0, 0.8, 16.0, 1.5, "FR")));
        devices.add(device(HELIOS, MAMMO_DBT, HELIOS_PREFIX, "00028", "Helios MammoScreen DBT", "dbt-transformer", "1.3.0",
                UseCase.DIAGNOSTIC_IMAGING, RiskClass.IIB, DeviceRegulation.MDR,
                "Detection of suspicious lesions on digital breast tomosynthesis for screening and diagnostic exams.",
                List.of("FR", "BE"), 0.25, claims(0.90, 0.88),
                List.of(screeningAge,
                        Categorical.of("breastDensity", REFERENCE_SAMPLE, "A", 0.08, "B", 0.38, "C", 0.42, "D", 0.12),
                        Numeric.of("sliceCount", REFERENCE_SAMPLE, 0, 30, 50, 60, 70, 110)),
                new Patients(1.0, screeningAge), new ScoreModel(0.25, 0.07, 0.94, 0.92),
                250, OFFICE, 0.1, EnumSet.of(SiteType.IMAGING_CENTRE, SiteType.CHU, SiteType.CANCER_CENTRE), 20,
                new Labels(0.9, 96, 0.5, OutcomeSource.BIOPSY, OutcomeSource.EXPERT_REVIEW),
                new Usage(0.8, 0.05, 0.02, List.of("physician"), "radiology"), 4500, true,
                new EnergyProfile(350.0, null, null, null, 32.0, 1.4, "FR")));
        Numeric prostateAge = Numeric.of("patientAge", REFERENCE_SAMPLE, 0, 45, 58, 64, 69, 75, 92);
        devices.add(device(HELIOS, PATHO_PROSTATE, HELIOS_PREFIX, "00035", "Helios PathoScan Prostate", "wsi-mil", "2.0.1",
                UseCase.DIAGNOSTIC_PATHOLOGY, RiskClass.IIB, DeviceRegulation.IVDR,
                "Detection of adenocarcinoma on whole-slide images of H&E-stained prostate core biopsies.",
                List.of("FR"), 0.5, claims(0.92, 0.85),
                List.of(prostateAge,
                        Numeric.of("hematoxylinOpticalDensity", REFERENCE_SAMPLE, 3, 0.30, 0.48, 0.55, 0.60, 0.65, 0.72, 0.95),
                        Numeric.of("eosinOpticalDensity", REFERENCE_SAMPLE, 3, 0.15, 0.28, 0.33, 0.37, 0.41, 0.47, 0.70),
                        Numeric.of("tissueAreaMm2", REFERENCE_SAMPLE, 1, 2, 8, 12, 16, 22, 60),
                        Numeric.of("focusScore", REFERENCE_SAMPLE, 3, 0.50, 0.82, 0.88, 0.92, 0.95, 1.0)),
                new Patients(0.0, prostateAge), new ScoreModel(0.5, 0.35, 0.95, 0.90),
                250, OFFICE, 0.2, EnumSet.of(SiteType.CHU, SiteType.CANCER_CENTRE, SiteType.CH), 6,
                new Labels(0.95, 24, 0.6, OutcomeSource.EXPERT_REVIEW, OutcomeSource.EXPERT_REVIEW),
                new Usage(0.9, 0.04, 0.01, List.of("physician"), "pathology"), 38_000, false,
                new EnergyProfile(300.0, null, null, null, 64.0, 1.5, "FR")));
        Numeric breastCancerAge = Numeric.of("patientAge", REFERENCE_SAMPLE, 0, 28, 47, 56, 64, 72, 95);
        devices.add(device(HELIOS, PATHO_LYMPH, HELIOS_PREFIX, "00042", "Helios PathoScan Lymph Node", "wsi-mil", "1.1.0",
                UseCase.DIAGNOSTIC_PATHOLOGY, RiskClass.IIB, DeviceRegulation.IVDR,
                "Detection of breast cancer metastases on whole-slide images of sentinel lymph nodes.",
                List.of("FR", "LU"), 0.5, claims(0.92, 0.90),
                List.of(breastCancerAge,
                        Numeric.of("hematoxylinOpticalDensity", REFERENCE_SAMPLE, 3, 0.30, 0.50, 0.57, 0.62, 0.67, 0.74, 0.95),
                        Numeric.of("tissueAreaMm2", REFERENCE_SAMPLE, 1, 5, 20, 35, 50, 70, 160)),
                new Patients(0.99, breastCancerAge), new ScoreModel(0.5, 0.25, 0.95, 0.94),
                200, OFFICE, 0.2, EnumSet.of(SiteType.CHU, SiteType.CANCER_CENTRE), 10,
                new Labels(0.95, 30, 0.6, OutcomeSource.EXPERT_REVIEW, OutcomeSource.EXPERT_REVIEW),
                new Usage(0.9, 0.04, 0.01, List.of("physician"), "pathology"), 45_000, false,
                new EnergyProfile(300.0, null, null, null, 64.0, 1.5, "FR")));
        Numeric cardioAge = Numeric.of("patientAge", REFERENCE_SAMPLE, 0, 18, 45, 60, 70, 79, 100);
        Categorical sex = Categorical.of("sex", REFERENCE_SAMPLE, "F", 0.48, "M", 0.52);
        devices.add(device(PULSAR, ECG_AF, PULSAR_PREFIX, "00013", "Pulsar ECG AF", "ecg-resnet", "3.0.0",
                UseCase.DIAGNOSTIC_ECG, RiskClass.IIA, DeviceRegulation.MDR,
                "Detection of atrial fibrillation on resting 12-lead and 6-lead ECGs, for physician over-read.",
                List.of("FR", "DE", "ES", "IT"), 0.4, claims(0.90, 0.88),
                List.of(cardioAge, sex,
                        Numeric.of("heartRateBpm", REFERENCE_SAMPLE, 0, 35, 62, 72, 84, 100, 180),
                        Numeric.of("qrsDurationMs", REFERENCE_SAMPLE, 0, 60, 84, 92, 102, 120, 200),
                        Categorical.of("leadCount", REFERENCE_SAMPLE, "12", 0.75, "6", 0.20, "1", 0.05),
                        Numeric.of("signalQuality", REFERENCE_SAMPLE, 3, 0.40, 0.85, 0.92, 0.96, 1.0)),
                new Patients(0.48, cardioAge), new ScoreModel(0.4, 0.10, 0.95, 0.93),
                1000, ROUND_THE_CLOCK, 0.7, EnumSet.of(SiteType.CH, SiteType.CHU, SiteType.CLINIC, SiteType.PRIMARY_CARE), 60,
                new Labels(0.8, 8, 0.7, OutcomeSource.EXPERT_REVIEW, OutcomeSource.EXPERT_REVIEW),
                new Usage(0.7, 0.07, 0.03, List.of("physician", "nurse"), "cardiology"), 90, true,
                new EnergyProfile(15.0, null, null, null, null, 1.0, "FR")));
        Numeric emergencyAge = Numeric.of("patientAge", REFERENCE_SAMPLE, 0, 18, 38, 50, 63, 76, 85, 99);
        devices.add(device(PULSAR, ECG_STEMI, PULSAR_PREFIX, "00020", "Pulsar ECG STEMI", "ecg-resnet", "1.4.2",
                UseCase.DIAGNOSTIC_ECG, RiskClass.IIB, DeviceRegulation.MDR,
                "Detection of ST-elevation myocardial infarction on prehospital and emergency 12-lead ECGs.",
                List.of("FR", "BE"), 0.3, claims(0.88, 0.90),
                List.of(emergencyAge, sex,
                        Numeric.of("heartRateBpm", REFERENCE_SAMPLE, 0, 35, 66, 78, 92, 110, 190),
                        Numeric.of("stElevationMm", REFERENCE_SAMPLE, 1, 0, 0.2, 0.5, 1.0, 1.8, 8.0)),
                new Patients(0.45, emergencyAge), new ScoreModel(0.3, 0.05, 0.92, 0.95),
                400, ROUND_THE_CLOCK, 1.0, EnumSet.of(SiteType.CHU, SiteType.CH), 25,
                new Labels(0.85, 48, 0.5, OutcomeSource.DISCHARGE_CODING, OutcomeSource.DISCHARGE_CODING),
                new Usage(0.8, 0.06, 0.02, List.of("physician"), "emergency_medicine"), 120, true,
                new EnergyProfile(15.0, null, null, null, null, 1.0, "FR")));
        devices.add(device(PULSAR, CHEST_PAIN, PULSAR_PREFIX, "00037", "Pulsar ChestPain Risk", "gbm-risk", "2.3.0",
                UseCase.CARE_PATHWAY, RiskClass.IIA, DeviceRegulation.MDR,
                "Risk of acute myocardial infarction for adults with chest pain in the emergency department, from the first "
                        + "ECG, vital signs and high-sensitivity troponin.",
                List.of("FR", "CH"), 0.3, claims(0.85, 0.80),
                List.of(emergencyAge, sex,
                        Numeric.of("systolicBpMmHg", REFERENCE_SAMPLE, 0, 80, 120, 132, 145, 160, 230),
                        Numeric.of("heartRateBpm", REFERENCE_SAMPLE, 0, 40, 68, 78, 88, 100, 170),
                        Numeric.of("troponinNgL", REFERENCE_SAMPLE, 1, 1, 3, 5, 9, 18, 60, 5000)),
                new Patients(0.45, emergencyAge), new ScoreModel(0.3, 0.15, 0.93, 0.85),
                1500, ROUND_THE_CLOCK, 1.0, EnumSet.of(SiteType.CHU, SiteType.CH, SiteType.CLINIC), 40,
                new Labels(0.9, 6, 0.6, OutcomeSource.LAB_RESULT, OutcomeSource.LAB_RESULT),
                new Usage(0.8, 0.08, 0.03, List.of("physician", "resident"), "emergency_medicine"), 25, false,
                new EnergyProfile(null, 2, 10.0, 0.3, 2.0, 1.5, "FR")));
        Numeric preventionAge = Numeric.of("patientAge", REFERENCE_SAMPLE, 0, 40, 48, 55, 62, 70, 80);
        devices.add(device(PULSAR, CV_RISK_10Y, PULSAR_PREFIX, "00044", "Pulsar CardioRisk 10", "cox-nn", "1.0.3",
                UseCase.PREVENTION, RiskClass.IIA, DeviceRegulation.MDR,
                "Ten-year risk of a major cardiovascular event in primary prevention, to guide statin therapy.",
                List.of("FR"), 0.15, claims(0.75, 0.70),
                List.of(preventionAge, sex,
                        Numeric.of("ldlCholesterolMmolL", REFERENCE_SAMPLE, 2, 1.0, 2.6, 3.2, 3.8, 4.5, 8.0),
                        Numeric.of("systolicBpMmHg", REFERENCE_SAMPLE, 0, 90, 122, 132, 142, 200),
                        Categorical.of("smoker", REFERENCE_SAMPLE, "never", 0.55, "former", 0.28, "current", 0.17)),
                new Patients(0.52, preventionAge), new ScoreModel(0.15, 0.12, 0.80, 0.75),
                300, OFFICE, 0.05, EnumSet.of(SiteType.PRIMARY_CARE, SiteType.CH, SiteType.CLINIC), 35,
                // A ten-year outcome never arrives within the monitoring horizon: no labels, estimates only.
                new Labels(0.0, 24, 0.5, OutcomeSource.FOLLOW_UP, OutcomeSource.FOLLOW_UP),
                new Usage(0.6, 0.10, 0.05, List.of("physician"), "general_practice"), 15, false,
                new EnergyProfile(null, 1, 10.0, 0.2, 1.0, 1.5, "FR")));
        devices.add(device(SILLAGE, TRIAGE_ED, SILLAGE_PREFIX, "00019", "Sillage Triage ED", "triage-gbm", "5.0.2",
                UseCase.CARE_PATHWAY, RiskClass.IIA, DeviceRegulation.MDR,
                "Emergency department triage support: probability that an adult arriving at the ED needs critical care.",
                List.of("FR", "BE", "CH"), 0.3, claims(0.85, 0.80),
                List.of(emergencyAge, sex,
                        Numeric.of("heartRateBpm", REFERENCE_SAMPLE, 0, 35, 70, 82, 96, 112, 200),
                        Numeric.of("respiratoryRate", REFERENCE_SAMPLE, 0, 8, 14, 16, 20, 24, 45),
                        Numeric.of("spo2Percent", REFERENCE_SAMPLE, 0, 70, 94, 97, 98, 99, 100),
                        Numeric.of("painScore", REFERENCE_SAMPLE, 0, 0, 2, 4, 6, 8, 10),
                        Categorical.of("arrivalMode", REFERENCE_SAMPLE, "walk_in", 0.62, "ambulance", 0.30, "mobile_icu", 0.08)),
                new Patients(0.45, emergencyAge), new ScoreModel(0.3, 0.12, 0.90, 0.85),
                1000, ROUND_THE_CLOCK, 1.0, EnumSet.of(SiteType.CHU, SiteType.CH, SiteType.CLINIC), 35,
                new Labels(0.85, 48, 0.5, OutcomeSource.DISCHARGE_CODING, OutcomeSource.DISCHARGE_CODING),
                new Usage(0.9, 0.08, 0.03, List.of("nurse", "physician"), "emergency_medicine"), 40, false,
                new EnergyProfile(null, 2, 10.0, 0.3, 4.0, 1.5, "FR")));
        Numeric callerAge = Numeric.of("patientAge", REFERENCE_SAMPLE, 0, 0, 25, 45, 62, 78, 88, 104);
        devices.add(device(SILLAGE, TRIAGE_SAMU, SILLAGE_PREFIX, "00026", "Sillage Regulation 15", "triage-gbm", "1.1.0",
                UseCase.ACCESS_TO_CARE, RiskClass.IIA, DeviceRegulation.MDR,
                "Support to emergency medical call regulation (SAMU centre 15): probability that a call needs a mobile ICU.",
                List.of("FR"), 0.25, claims(0.85, 0.80),
                List.of(callerAge, sex,
                        Numeric.of("callDurationSec", REFERENCE_SAMPLE, 0, 20, 90, 150, 240, 400, 1800),
                        Categorical.of("chiefComplaint", REFERENCE_SAMPLE, "chest_pain", 0.15, "dyspnea", 0.14, "fall", 0.18,
                                "neuro", 0.10, "abdominal", 0.13, "other", 0.30)),
                new Patients(0.50, callerAge), new ScoreModel(0.25, 0.10, 0.90, 0.86),
                300, ROUND_THE_CLOCK, 1.0, EnumSet.of(SiteType.CHU, SiteType.CH), 15,
                new Labels(0.8, 24, 0.5, OutcomeSource.DISCHARGE_CODING, OutcomeSource.FOLLOW_UP),
                new Usage(0.9, 0.10, 0.02, List.of("physician"), "emergency_medicine"), 30, false,
                new EnergyProfile(null, 2, 10.0, 0.3, 4.0, 1.5, "FR")));
        Numeric adultAge = Numeric.of("patientAge", REFERENCE_SAMPLE, 0, 0, 30, 48, 62, 74, 84, 102);
        devices.add(device(SILLAGE, DICTATION, SILLAGE_PREFIX, "00033", "Sillage Dictée Clinique", "asr-conformer", "7.2.0",
                UseCase.CLINICAL_DOCUMENTATION, RiskClass.I, DeviceRegulation.NONE,
                "Speech-to-text for clinical notes, flagging transcripts likely to contain a clinically significant error.",
                List.of("FR", "BE", "CH", "LU"), 0.25, claims(0.80, 0.85),
                List.of(Numeric.of("audioSeconds", REFERENCE_SAMPLE, 0, 5, 40, 75, 130, 900),
                        Numeric.of("signalToNoiseDb", REFERENCE_SAMPLE, 1, 3, 18, 24, 30, 45),
                        Numeric.of("speechRateWpm", REFERENCE_SAMPLE, 0, 70, 130, 150, 170, 240),
                        Categorical.of("noteKind", REFERENCE_SAMPLE, "consultation", 0.45, "discharge", 0.20,
                                "operative", 0.10, "letter", 0.25)),
                new Patients(0.52, adultAge), new ScoreModel(0.25, 0.08, 0.85, 0.90),
                1200, OFFICE, 0.15, EnumSet.allOf(SiteType.class), 70,
                new Labels(0.6, 2, 0.8, OutcomeSource.EXPERT_REVIEW, OutcomeSource.EXPERT_REVIEW),
                new Usage(0.7, 0.12, 0.05, List.of("physician", "resident"), "internal_medicine"), 2500, true,
                new EnergyProfile(null, 4, 12.0, 0.9, 8.0, 1.3, "FR")));
        devices.add(device(SILLAGE, DICTATION_RADIOLOGY, SILLAGE_PREFIX, "00040", "Sillage Dictée Radiologie", "asr-conformer",
                "7.2.0", UseCase.CLINICAL_DOCUMENTATION, RiskClass.I, DeviceRegulation.NONE,
                "Speech-to-text for radiology reports, flagging transcripts likely to contain a clinically significant error.",
                List.of("FR"), 0.25, claims(0.80, 0.85),
                List.of(Numeric.of("audioSeconds", REFERENCE_SAMPLE, 0, 5, 30, 55, 90, 600),
                        Numeric.of("signalToNoiseDb", REFERENCE_SAMPLE, 1, 3, 20, 26, 32, 45),
                        Categorical.of("modality", REFERENCE_SAMPLE, "xray", 0.40, "ct", 0.30, "mri", 0.15, "us", 0.15)),
                new Patients(0.52, adultAge), new ScoreModel(0.25, 0.06, 0.86, 0.91),
                500, OFFICE, 0.2, EnumSet.of(SiteType.IMAGING_CENTRE, SiteType.CHU, SiteType.CH), 25,
                new Labels(0.6, 2, 0.8, OutcomeSource.EXPERT_REVIEW, OutcomeSource.EXPERT_REVIEW),
                new Usage(0.7, 0.10, 0.05, List.of("physician"), "radiology"), 1800, true,
                new EnergyProfile(null, 4, 12.0, 0.9, 8.0, 1.3, "FR")));
        return List.copyOf(devices);
    }

    /** The registration of another model version of a device: same identity, claims and references. */
    public static DeviceRegistration version(DeviceRegistration current, String modelVersion) {
        return new DeviceRegistration(current.schemaVersion(), current.deviceId(), current.udiDi(), current.basicUdiDi(),
                current.manufacturerId(), current.deviceName(), current.modelName(), modelVersion, current.useCase(),
                current.riskClass(), current.regulation(), current.intendedPurpose(), current.jurisdictions(),
                current.decisionThreshold(), current.performanceClaims(), current.inputFeatures(),
                current.subgroupAttributes(), current.energyProfile(), null);
    }

    private static List<PerformanceClaim> claims(double sensitivity, double specificity) {
        return List.of(new PerformanceClaim(ClaimMetric.SENSITIVITY, sensitivity, null),
                new PerformanceClaim(ClaimMetric.SPECIFICITY, specificity, null));
    }

    private static DeviceProfile device(String manufacturer, String deviceId, String companyPrefix, String itemReference,
                                        String name, String modelName, String version, UseCase useCase, RiskClass riskClass,
                                        DeviceRegulation regulation, String purpose, List<String> jurisdictions,
                                        double threshold, List<PerformanceClaim> claims, List<FeatureModel> features,
                                        Patients patients, ScoreModel scores, double casesPerDay, DeviceProfile.Hours hours,
                                        double weekendFactor, Set<SiteType> siteTypes, int siteCount, Labels labels,
                                        Usage usage, double latencyMs, boolean measuresEnergy, EnergyProfile energy) {
        if (threshold != scores.threshold()) {
            throw new IllegalArgumentException(deviceId + ": registered and simulated thresholds differ");
        }
        String udiDi = Gtin.of("0" + companyPrefix + itemReference);
        // Basic UDI-DI: company prefix and model reference; its GS1 check characters are not computed here.
        String basicUdiDi = companyPrefix + modelName.toUpperCase().replace("-", "") + itemReference;
        DeviceRegistration registration = new DeviceRegistration(1, deviceId, udiDi, basicUdiDi, manufacturer, name,
                modelName, version, useCase, riskClass, regulation, purpose, jurisdictions, threshold, claims,
                features.stream().map(FeatureModel::toContract).toList(), List.of("sex", "ageBand"), energy, null);
        return new DeviceProfile(registration, features, patients, scores, casesPerDay, hours, weekendFactor, siteTypes,
                siteCount, labels, usage, latencyMs, measuresEnergy);
    }
}
