package org.vigie.alert.domain.regulatory;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The choices the regulations leave to the platform, in one place so configuration can set them.
 *
 * @param trendReportDays     days allowed for an MDR Art. 88 / IVDR Art. 83 trend report. The articles set no day
 *                            count: the manufacturer defines in its PMS plan how a significant increase is detected
 *                            and reports it via EUDAMED. Default 30 calendar days: long enough to confirm a
 *                            statistical signal and assess it (labels arrive days or weeks late), the same as the
 *                            longest statutory clock in our frame (21 CFR 803.50), and short enough that a trend is
 *                            not left to wait for the yearly PSUR. A manufacturer's PMS plan can set its own.
 * @param ethicsReferralDays  days allowed to refer a bias or ethics concern to the authority's ethics channel.
 *                            No statute sets one; the default of 15 is AI Act Art. 73(2)'s, so that a concern
 *                            that turns out to be a fundamental-rights infringement was already on time.
 * @param fdaWorkCalendar     the calendar of 21 CFR 803.53's "work days"; {@link UsFederalWorkCalendar} per
 *                            803.3, or {@link WorkCalendar#weekdays()} for the conservative reading
 * @param reportAiActBeforeApplication whether to list AI Act Art. 73 obligations for awareness dates before the
 *                            Act's obligations apply (2 August 2026 for Annex III systems, 2 August 2027 for
 *                            Art. 6(1) systems such as MDR/IVDR devices — Art. 113). Default true: a manufacturer
 *                            rehearsing the process wants to see them; the reason says they are not yet binding.
 */
public record ReportingPolicy(int trendReportDays, int ethicsReferralDays, WorkCalendar fdaWorkCalendar,
                              boolean reportAiActBeforeApplication) {

    /** AI Act Art. 113(c): Art. 6(1) (product-legislation) high-risk obligations apply from this day. */
    public static final LocalDate AI_ACT_PRODUCT_SYSTEMS_APPLY = LocalDate.of(2027, 8, 2);
    /** AI Act Art. 113: the general date, which covers Annex III high-risk systems. */
    public static final LocalDate AI_ACT_ANNEX_III_SYSTEMS_APPLY = LocalDate.of(2026, 8, 2);

    public static final int DEFAULT_TREND_REPORT_DAYS = 30;
    public static final int DEFAULT_ETHICS_REFERRAL_DAYS = 15;

    public ReportingPolicy {
        Objects.requireNonNull(fdaWorkCalendar, "fdaWorkCalendar");
        if (trendReportDays < 1 || ethicsReferralDays < 1) {
            throw new IllegalArgumentException("policy deadlines must be at least one day");
        }
    }

    public static ReportingPolicy defaults() {
        return new ReportingPolicy(DEFAULT_TREND_REPORT_DAYS, DEFAULT_ETHICS_REFERRAL_DAYS,
                new UsFederalWorkCalendar(), true);
    }

    public ReportingPolicy withTrendReportDays(int days) {
        return new ReportingPolicy(days, ethicsReferralDays, fdaWorkCalendar, reportAiActBeforeApplication);
    }

    public ReportingPolicy withFdaWorkCalendar(WorkCalendar calendar) {
        return new ReportingPolicy(trendReportDays, ethicsReferralDays, calendar, reportAiActBeforeApplication);
    }

    public ReportingPolicy withReportAiActBeforeApplication(boolean report) {
        return new ReportingPolicy(trendReportDays, ethicsReferralDays, fdaWorkCalendar, report);
    }
}
