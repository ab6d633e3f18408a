package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigie.observatory.domain.SuppressionFixtures.assertNoDifferencingLeak;
import static org.vigie.observatory.domain.SuppressionFixtures.assertNothingSmallRecoverable;
import static org.vigie.observatory.domain.SuppressionFixtures.path;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain JUnit, no Quarkus: the suppression rule on hand-built tables. */
class SmallCellSuppressionTest {

    private final SmallCellSuppression suppression = new SmallCellSuppression();

    @Test
    void countsFromOneToTenAreMaskedZeroAndElevenAreShown() {
        CountTable table = CountTable.oneWay(List.of("zero", "one", "ten", "eleven", "big"),
                new long[] {0, 1, 10, 11, 500});

        SuppressedTable out = suppression.apply(table, Disclosure.SUPPRESSED);

        assertThat(out.cell(path("zero"), CountTable.SINGLE_COLUMN)).isEqualTo(PublishedCount.shown(0));
        assertThat(out.cell(path("one"), CountTable.SINGLE_COLUMN).suppressed()).isTrue();
        assertThat(out.cell(path("ten"), CountTable.SINGLE_COLUMN).suppressed()).isTrue();
        assertThat(out.cell(path("big"), CountTable.SINGLE_COLUMN)).isEqualTo(PublishedCount.shown(500));
        assertNothingSmallRecoverable(table, out, 11);
    }

    @Test
    void aLoneMaskedCellUnderAShownTotalTakesTheNextSmallestWithIt() {
        // 50 + 5 + 30 + 0 = 85 shown: 5 alone would be 85 - 50 - 30 - 0. The next-smallest non-zero
        // cell (30) is masked so that only "5 + 30 = 35" is learnt, which is not small.
        CountTable table = CountTable.oneWay(List.of("a", "b", "c", "d"), new long[] {50, 5, 30, 0});

        SuppressedTable out = suppression.apply(table, Disclosure.SUPPRESSED);

        assertThat(out.detailRows()).extracting(r -> r.cells().get(0).toString())
                .containsExactly("50", "suppressed", "suppressed", "0");
        assertThat(out.grandTotal()).isEqualTo(PublishedCount.shown(85));
        assertNothingSmallRecoverable(table, out, 11);
    }

    @Test
    void twoMaskedCellsThatAddUpToLessThanElevenPullInAThird() {
        // 3 + 4 = 7 masked, total shown: "the two masked sites hold 7" singles out a small group.
        CountTable table = CountTable.oneWay(List.of("a", "b", "c", "d"), new long[] {3, 4, 60, 25});

        SuppressedTable out = suppression.apply(table, Disclosure.SUPPRESSED);

        assertThat(out.detailRows()).extracting(r -> r.cells().get(0).toString())
                .containsExactly("suppressed", "suppressed", "60", "suppressed");
        assertNothingSmallRecoverable(table, out, 11);
    }

    @Test
    void aSmallGrandTotalIsMaskedAndSoAreThePartsThatWouldRebuildIt() {
        CountTable table = CountTable.oneWay(List.of("a", "b"), new long[] {0, 7});

        SuppressedTable out = suppression.apply(table, Disclosure.SUPPRESSED);

        assertThat(out.grandTotal().suppressed()).isTrue();
        assertThat(out.cell(path("a"), CountTable.SINGLE_COLUMN)).isEqualTo(PublishedCount.shown(0));
        assertNothingSmallRecoverable(table, out, 11);
    }

    @Test
    void secondarySuppressionInATwoWayTableLeavesNoMaskedCellRecomputable() {
        //            X    Y    Z  | total
        //   A       20    3   40  |  63
        //   B       15   25   30  |  70
        //   C       12   18   50  |  80
        //   total   47   46  120  | 213
        // Only A/Y is small. Masking it alone lets 63 - 20 - 40 = 3 and 46 - 25 - 18 = 3 back; the
        // row and the column each need a second masked cell, and those in turn need partners, so
        // the pattern closes into a cycle through A/Y.
        CountTable table = CountTable.twoWay(List.of("A", "B", "C"), List.of("X", "Y", "Z"),
                new long[][] {{20, 3, 40}, {15, 25, 30}, {12, 18, 50}});

        SuppressedTable out = suppression.apply(table, Disclosure.SUPPRESSED);

        assertThat(out.cell(path("A"), "Y").suppressed()).isTrue();
        SuppressedTable.Row rowA = out.row(path("A")).orElseThrow();
        assertThat(rowA.cells().stream().filter(PublishedCount::suppressed).count()).isGreaterThanOrEqualTo(2);
        long maskedInColumnY = out.detailRows().stream().filter(r -> r.cells().get(1).suppressed()).count();
        assertThat(maskedInColumnY).isGreaterThanOrEqualTo(2);
        assertThat(out.grandTotal()).isEqualTo(PublishedCount.shown(213));
        assertNothingSmallRecoverable(table, out, 11);
    }

    @Test
    void aBridgeBetweenTwoProtectedBlocksIsNotLeftRecomputable() {
        // Two blocks of small counts, each masked as a rectangle, joined through row R2 / column C3:
        // "two masked cells per line" alone would leave a chain of subtractions across the blocks.
        CountTable table = CountTable.twoWay(List.of("R1", "R2", "R3", "R4"), List.of("C1", "C2", "C3", "C4"),
                new long[][] {
                        {2, 3, 40, 50},
                        {4, 5, 6, 60},
                        {70, 80, 7, 8},
                        {90, 95, 9, 2}});

        SuppressedTable out = suppression.apply(table, Disclosure.SUPPRESSED);

        assertNothingSmallRecoverable(table, out, 11);
    }

    @Test
    void aRegionWithASingleSmallSiteHidesTheRegionSubtotalToo() {
        // region → site: the Corse subtotal equals its only site, so it must go with it; then the
        // national total would give the Corse figure back unless another region is masked as well.
        CountTable table = CountTable.nested(List.of("ecg", "mammography"))
                .row(path("Bretagne", "CHU Rennes"), 120, 80)
                .row(path("Bretagne", "CH Vannes"), 40, 22)
                .row(path("Corse", "CH Ajaccio"), 4, 3)
                .row(path("Occitanie", "CHU Toulouse"), 200, 150)
                .row(path("Occitanie", "CH Albi"), 30, 12)
                .build();

        SuppressedTable out = suppression.apply(table, Disclosure.SUPPRESSED);

        assertThat(out.row(path("Corse")).orElseThrow().kind()).isEqualTo(SuppressedTable.RowKind.SUBTOTAL);
        assertThat(out.row(path("Corse")).orElseThrow().total().suppressed()).isTrue();
        assertThat(out.cell(path("Corse", "CH Ajaccio"), "ecg").suppressed()).isTrue();
        assertNothingSmallRecoverable(table, out, 11);
    }

    @Test
    void subtotalsComeBeforeTheirSitesAndTheTotalRowComesLast() {
        CountTable table = CountTable.nested(List.of(CountTable.SINGLE_COLUMN))
                .row(path("R1", "s1"), 100)
                .row(path("R2", "s2"), 200)
                .row(path("R1", "s3"), 300)
                .build();

        SuppressedTable out = suppression.apply(table, Disclosure.EXACT);

        assertThat(out.rows()).extracting(SuppressedTable.Row::path).containsExactly(
                path("R1"), path("R1", "s1"), path("R1", "s3"), path("R2"), path("R2", "s2"), List.of());
        assertThat(out.row(path("R1")).orElseThrow().total()).isEqualTo(PublishedCount.shown(400));
        assertThat(out.grandTotal()).isEqualTo(PublishedCount.shown(600));
    }

    @Test
    void authorityAndAdminSeeExactCounts() {
        CountTable table = CountTable.oneWay(List.of("a", "b"), new long[] {3, 40});

        SuppressedTable out = suppression.apply(table, Disclosure.forRoles(List.of("authority")));

        assertThat(out.disclosure()).isEqualTo(Disclosure.EXACT);
        assertThat(out.cell(path("a"), CountTable.SINGLE_COLUMN)).isEqualTo(PublishedCount.shown(3));
        assertThat(out.suppressedCount()).isZero();
    }

    @Test
    void rolesDecideDisclosureAndUnknownRolesStaySuppressed() {
        assertThat(Disclosure.forRoles(List.of("admin"))).isEqualTo(Disclosure.EXACT);
        assertThat(Disclosure.forRoles(List.of("analyst", "Authority"))).isEqualTo(Disclosure.EXACT);
        assertThat(Disclosure.forRoles(List.of("analyst"))).isEqualTo(Disclosure.SUPPRESSED);
        assertThat(Disclosure.forRoles(List.of("manufacturer", "device"))).isEqualTo(Disclosure.SUPPRESSED);
        assertThat(Disclosure.forRoles(List.of())).isEqualTo(Disclosure.SUPPRESSED);
        assertThat(Disclosure.forRoles(null)).isEqualTo(Disclosure.SUPPRESSED);
        assertThat(Disclosure.anonymous()).isEqualTo(Disclosure.SUPPRESSED);
    }

    @Test
    void theThresholdIsConfigurable() {
        CountTable table = CountTable.oneWay(List.of("a", "b", "c", "d"), new long[] {4, 5, 30, 40});

        SuppressedTable out = new SmallCellSuppression(5).apply(table, Disclosure.SUPPRESSED);

        // Threshold 5: 4 is small, 5 is not — but 5 is the next-smallest and goes with 4 (4 + 5 = 9).
        assertThat(out.detailRows()).extracting(r -> r.cells().get(0).toString())
                .containsExactly("suppressed", "suppressed", "30", "40");
        assertNothingSmallRecoverable(table, out, 5);
        assertThatThrownBy(() -> new SmallCellSuppression(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSamePatternIsProducedEveryTime() {
        CountTable table = CountTable.twoWay(List.of("A", "B", "C"), List.of("X", "Y"),
                new long[][] {{5, 30}, {40, 2}, {60, 70}});

        assertThat(suppression.apply(table, Disclosure.SUPPRESSED))
                .isEqualTo(suppression.apply(table, Disclosure.SUPPRESSED));
    }

    @Test
    void differencingAttackOnAFilterThatRemovesOneSmallSiteIsDefeated() {
        // Query 1, all sites: total 79 shown (S3 = 4 masked, with a complement).
        // Query 2, "sites except type X" removes S3. Naively its total is 75 and 79 - 75 = 4.
        CountTable all = CountTable.oneWay(List.of("S1", "S2", "S3"), new long[] {40, 35, 4});
        CountTable withoutS3 = CountTable.oneWay(List.of("S1", "S2", "S3"), new long[] {40, 35, 0});

        SuppressedTable unfilteredAnswer = suppression.apply(all, Disclosure.SUPPRESSED);
        SuppressedTable naive = suppression.apply(withoutS3, Disclosure.SUPPRESSED);
        assertThat(unfilteredAnswer.grandTotal().count() - naive.grandTotal().count())
                .as("the attack works against naive per-query suppression").isEqualTo(4);

        SuppressedTable protectedAnswer = suppression.suppressFiltered(all, withoutS3, Disclosure.SUPPRESSED);

        assertThat(protectedAnswer.grandTotal().suppressed()).isTrue();
        assertNoDifferencingLeak(all, unfilteredAnswer, withoutS3, protectedAnswer, 11);
    }

    @Test
    void differencingAttackThroughAFilterOnAnotherDimensionIsDefeated() {
        // Grouped by region; the filter keeps one specialty. In Bretagne the filter removes 4
        // events, so 150 (all) vs 146 (radiology only) would reveal a group of 4.
        CountTable all = CountTable.oneWay(List.of("Bretagne", "Normandie", "Occitanie"), new long[] {150, 300, 420});
        CountTable radiology = CountTable.oneWay(List.of("Bretagne", "Normandie", "Occitanie"), new long[] {146, 120, 400});

        SuppressedTable unfilteredAnswer = suppression.apply(all, Disclosure.SUPPRESSED);
        SuppressedTable protectedAnswer = suppression.suppressFiltered(all, radiology, Disclosure.SUPPRESSED);

        assertThat(protectedAnswer.cell(path("Bretagne"), CountTable.SINGLE_COLUMN).suppressed()).isTrue();
        // 146 alone masked would come back as 666 - 120 - 400: the smallest other count goes too.
        assertThat(protectedAnswer.cell(path("Normandie"), CountTable.SINGLE_COLUMN).suppressed()).isTrue();
        assertThat(protectedAnswer.cell(path("Occitanie"), CountTable.SINGLE_COLUMN)).isEqualTo(PublishedCount.shown(400));
        assertNoDifferencingLeak(all, unfilteredAnswer, radiology, protectedAnswer, 11);
    }

    @Test
    void aFilterThatRemovesOnlyLargeGroupsKeepsItsTotals() {
        CountTable all = CountTable.oneWay(List.of("a", "b"), new long[] {100, 200});
        CountTable filtered = CountTable.oneWay(List.of("a", "b"), new long[] {60, 150});

        SuppressedTable out = suppression.suppressFiltered(all, filtered, Disclosure.SUPPRESSED);

        assertThat(out.suppressedCount()).isZero();
        assertThat(out.grandTotal()).isEqualTo(PublishedCount.shown(210));
    }

    @Test
    void filteredTablesMustMatchTheUnfilteredShape() {
        CountTable all = CountTable.oneWay(List.of("a", "b"), new long[] {100, 200});
        CountTable other = CountTable.oneWay(List.of("a", "c"), new long[] {10, 20});
        CountTable bigger = CountTable.oneWay(List.of("a", "b"), new long[] {101, 200});

        assertThatThrownBy(() -> suppression.suppressFiltered(all, other, Disclosure.SUPPRESSED))
                .hasMessageContaining("same rows and columns");
        assertThatThrownBy(() -> suppression.suppressFiltered(all, bigger, Disclosure.SUPPRESSED))
                .hasMessageContaining("exceeds");
    }

    @Test
    void malformedTablesAreRefusedWithAReason() {
        assertThatThrownBy(() -> CountTable.oneWay(List.of("a"), new long[] {-1}))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> CountTable.oneWay(List.of("a", "a"), new long[] {1, 2}))
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> CountTable.nested(List.of("x")).row(path("a"), 1).row(path("b", "c"), 2))
                .hasMessageContaining("same depth");
        assertThatThrownBy(() -> CountTable.twoWay(List.of("a"), List.of("x", "y"), new long[][] {{1}}))
                .hasMessageContaining("2 columns");
    }

    @Test
    void anEmptyTablePublishesAZeroTotal() {
        SuppressedTable out = suppression.apply(CountTable.oneWay(List.of(), new long[0]), Disclosure.SUPPRESSED);

        assertThat(out.rows()).hasSize(1);
        assertThat(out.grandTotal()).isEqualTo(PublishedCount.shown(0));
    }

    @Test
    void aSuppressedCountCarriesNoValue() {
        assertThat(PublishedCount.suppressedCount().count()).isNull();
        assertThat(PublishedCount.suppressedCount().value()).isEmpty();
        assertThatThrownBy(() -> new PublishedCount(4L, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
