package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain JUnit: per-day protection and longer buckets that publish nothing the days do not. */
class DailyPublicationTest {

    private static final Instant MON = Instant.parse("2025-06-02T00:00:00Z");
    private static final Instant TUE = Instant.parse("2025-06-03T00:00:00Z");

    @Test
    void aWeekCellIsShownOnlyWhenEveryDayOfItIsShown() {
        DailyPublication publication = new DailyPublication(new SmallCellSuppression(), Disclosure.SUPPRESSED);
        Map<Instant, List<DailyPublication.Row>> days = publication.protect(List.of("n"), Map.of(
                MON, Map.of(List.of("a"), new long[] {5}, List.of("b"), new long[] {40}, List.of("c"), new long[] {30}),
                TUE, Map.of(List.of("a"), new long[] {20}, List.of("b"), new long[] {50}, List.of("c"), new long[] {60})));
        Map<Instant, List<DailyPublication.Row>> week = DailyPublication.rollUp(days, TimeBucket.WEEK);
        assertThat(week).containsOnlyKeys(MON);
        Map<List<String>, DailyPublication.Row> rows = new java.util.HashMap<>();
        week.get(MON).forEach(r -> rows.put(r.path(), r));
        assertThat(rows.get(List.of("a")).total().suppressed()).isTrue();   // 25 in the week, but Monday's 5 is masked
        assertThat(rows.get(List.of("c")).total().suppressed()).isTrue();   // Monday's secondary mask (30, next smallest)
        assertThat(rows.get(List.of("b")).total()).isEqualTo(PublishedCount.shown(90));
        assertThat(rows.get(List.of()).total()).isEqualTo(PublishedCount.shown(205));
        assertThat(week.get(MON).get(week.get(MON).size() - 1).kind()).isEqualTo(SuppressedTable.RowKind.TOTAL);
    }

    @Test
    void exactDisclosureAddsEverything() {
        DailyPublication publication = new DailyPublication(new SmallCellSuppression(), Disclosure.EXACT);
        Map<Instant, List<DailyPublication.Row>> week = DailyPublication.rollUp(publication.protect(List.of("n"), Map.of(
                MON, Map.of(List.of("a"), new long[] {5}), TUE, Map.of(List.of("a"), new long[] {3}))), TimeBucket.WEEK);
        assertThat(week.get(MON)).anySatisfy(r -> assertThat(r.total()).isEqualTo(PublishedCount.shown(8)));
    }

    @Test
    void labelledCountsAreProtectedTogetherWithTheirInferences() {
        DailyPublication publication = new DailyPublication(new SmallCellSuppression(), Disclosure.SUPPRESSED);
        Map<Instant, List<DailyPublication.Row>> labelled = publication.protectSubset(List.of("n"),
                Map.of(MON, Map.of(List.of("a"), new long[] {35}, List.of("b"), new long[] {60})),
                Map.of(MON, Map.of(List.of("a"), new long[] {40}, List.of("b"), new long[] {60})));
        // 35 of 40 would publish the 5 unlabelled: masked.
        assertThat(labelled.get(MON)).filteredOn(r -> r.path().equals(List.of("a")))
                .allSatisfy(r -> assertThat(r.total().suppressed()).isTrue());
    }
}
