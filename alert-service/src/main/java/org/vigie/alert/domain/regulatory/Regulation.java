package org.vigie.alert.domain.regulatory;

/** The legal frame an obligation comes from. */
public enum Regulation {
    EU_MDR("Regulation (EU) 2017/745 (MDR)"),
    EU_IVDR("Regulation (EU) 2017/746 (IVDR)"),
    EU_AI_ACT("Regulation (EU) 2024/1689 (AI Act)"),
    US_FDA_MDR("21 CFR Part 803 (FDA Medical Device Reporting)"),
    /**
     * Not a statute: the alert channel for ethics problems in the use of digital health tools that the French
     * national strategy announces, which Vigie extends to every authority. Its deadline is a policy default.
     */
    ETHICS_ALERT_CHANNEL("Ethics alert channel (national AI-in-health strategy, 2025)");

    private final String title;

    Regulation(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
