package org.vigie.contracts.events;

public enum ReporterRole {
    PHYSICIAN, NURSE, TECHNICIAN, PHARMACIST, ADMINISTRATOR, PATIENT, OTHER
}
