package org.vigie.contracts.events;

public enum FeedbackCategory {
    MALFUNCTION, WRONG_OUTPUT, USABILITY, BIAS_CONCERN, ETHICS_CONCERN, OTHER;

    /** Bias and ethics concerns also go to the authority's ethics channel. */
    public boolean ethical() {
        return this == BIAS_CONCERN || this == ETHICS_CONCERN;
    }
}
