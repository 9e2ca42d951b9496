package org.tokensuite.audit.console;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BarChartTest {

    @Test
    void barsAreScaledToTheLargestValueOrTheLimitAndThoseBeyondTheLimitAreMarked() {
        BarChart chart = BarChart.of("lifetimes", "days", List.of(new BarChart.Point("a", 90), new BarChart.Point("b", 360),
                new BarChart.Point("c", 45)), 90);

        assertThat(chart.bars()).extracting(BarChart.Bar::label).containsExactly("b", "a", "c");
        assertThat(chart.bars()).extracting(BarChart.Bar::length).containsExactly(420, 105, 53); // of BAR_AREA 420, rounded
        assertThat(chart.bars()).extracting(BarChart.Bar::over).containsExactly(true, false, false);
        assertThat(chart.bars().get(0).value()).isEqualTo("360 days");
        assertThat(chart.limitX()).isEqualTo(BarChart.LABEL_WIDTH + BarChart.BAR_AREA / 4);
    }

    @Test
    void valuesBelowTheLimitAreDrawnAgainstTheLimitAndOnlyTheLargestTwentyAreShown() {
        BarChart small = BarChart.of("lag", "s", List.of(new BarChart.Point("t", 1)), 4);
        assertThat(small.bars().get(0).length()).isEqualTo(BarChart.BAR_AREA / 4);
        assertThat(small.bars().get(0).over()).isFalse();

        BarChart many = BarChart.of("idle", "days", IntStream.range(0, 50).mapToObj(i -> new BarChart.Point("t" + i, i)).toList(), 0);
        assertThat(many.bars()).hasSize(BarChart.MAX_BARS).first().extracting(BarChart.Bar::label).isEqualTo("t49");
        assertThat(many.limitX()).isZero();
        assertThat(BarChart.of("none", "s", List.of(), 5).bars()).isEmpty();
    }

    @Test
    void aTokensLabelIsShortenedToFitTheLabelColumn() {
        assertThat(BarChart.tokenLabel("tok_745c7de6bab94caa8d9ef45976df29db", "erin")).isEqualTo("tok_745c7de6… (erin)");
        assertThat(BarChart.tokenLabel("tok_745c7de6bab94caa8d9ef45976df29db", "a-very-long-owner-name-indeed"))
                .hasSize(BarChart.MAX_LABEL).endsWith("…");
    }
}
