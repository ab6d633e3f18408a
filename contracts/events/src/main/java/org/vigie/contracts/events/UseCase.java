package org.vigie.contracts.events;

/**
 * What the device is used for: the themes of the 2025 French strategy on AI in health. The strategy's
 * "diagnostic platforms" theme is split into imaging, pathology and ECG because the observatory reports
 * them apart.
 */
public enum UseCase {
    ACCESS_TO_CARE, CARE_PATHWAY, CLINICAL_DOCUMENTATION,
    DIAGNOSTIC_IMAGING, DIAGNOSTIC_PATHOLOGY, DIAGNOSTIC_ECG,
    PREVENTION, LOGISTICS, ADMINISTRATION, RESEARCH, STEERING
}
