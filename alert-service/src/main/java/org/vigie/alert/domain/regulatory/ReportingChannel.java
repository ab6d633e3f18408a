package org.vigie.alert.domain.regulatory;

/** Which desk of an authority a report goes to. */
public enum ReportingChannel {
    /** Materials vigilance / market surveillance: incidents, trends, AI Act serious incidents. */
    VIGILANCE,
    /** Fundamental rights and ethics: AI Act Art. 73(10) reports, bias and ethics concerns. */
    ETHICS
}
