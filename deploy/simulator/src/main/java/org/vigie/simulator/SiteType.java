package org.vigie.simulator;

/** Kinds of establishment, as the contracts name them, with how much activity a typical one has. */
public enum SiteType {
    CHU("chu", 6.0),
    CH("ch", 2.5),
    CLINIC("clinic", 1.5),
    CANCER_CENTRE("cancer_centre", 3.0),
    IMAGING_CENTRE("imaging_centre", 1.5),
    PRIMARY_CARE("primary_care", 0.5);

    private final String code;
    private final double activity;

    SiteType(String code, double activity) {
        this.code = code;
        this.activity = activity;
    }

    public String code() {
        return code;
    }

    /** Relative volume of a typical establishment of this kind. */
    public double activity() {
        return activity;
    }
}
