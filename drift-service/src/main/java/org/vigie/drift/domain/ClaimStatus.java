package org.vigie.drift.domain;

public enum ClaimStatus {
    /** The confidence bound on the good side is past the claim: performance is worse than claimed. */
    WORSE_THAN_CLAIM,
    /** The data do not show performance worse than claimed (which is not proof that the claim holds). */
    CONSISTENT_WITH_CLAIM,
    /** Fewer relevant cases than the claim's minimum sample size. */
    INSUFFICIENT_DATA
}
