package org.vigie.contracts.events;

/** Harm to a patient as reported; SERIOUS and DEATH start the MDR Art. 87 vigilance clock. */
public enum Harm {
    NONE, NON_SERIOUS, SERIOUS, DEATH
}
