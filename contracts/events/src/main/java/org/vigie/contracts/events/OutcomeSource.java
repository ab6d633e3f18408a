package org.vigie.contracts.events;

/** Where the ground truth came from; it is often days or weeks after the inference. */
public enum OutcomeSource {
    BIOPSY, FOLLOW_UP, EXPERT_REVIEW, LAB_RESULT, DISCHARGE_CODING, OTHER
}
