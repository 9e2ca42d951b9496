package org.tokensuite.audit.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart drawn by the server as SVG (no script): one bar per row, scaled to the largest
 * value (or the limit line, whichever is larger); bars beyond the limit are marked. The template draws it.
 */
public record BarChart(String title, String unit, List<Bar> bars, double limit, int limitX, int width, int height,
                       int labelWidth) {

    public static final int LABEL_WIDTH = 260;
    public static final int BAR_AREA = 420;
    public static final int ROW = 22;
    public static final int MAX_BARS = 20;
    /** Characters of a label that fit {@link #LABEL_WIDTH} at the chart's font size. */
    static final int MAX_LABEL = 34;

    /** {@code y}, {@code length} and {@code valueX} (where the value is written) in SVG units; {@code over}: beyond the limit. */
    public record Bar(String label, String value, int y, int length, int valueX, boolean over) {
    }

    public record Point(String label, double value) {
    }

    /** The {@value #MAX_BARS} largest values; {@code limit} 0 draws no limit line. */
    public static BarChart of(String title, String unit, List<Point> points, double limit) {
        List<Point> largest = points.stream().sorted(Comparator.comparingDouble(Point::value).reversed())
                .limit(MAX_BARS).toList();
        double max = Math.max(limit, largest.stream().mapToDouble(Point::value).max().orElse(0));
        List<Bar> bars = new ArrayList<>();
        for (Point point : largest) {
            int length = max <= 0 ? 0 : (int) Math.round(point.value() / max * BAR_AREA);
            int drawn = Math.max(length, point.value() > 0 ? 1 : 0);
            bars.add(new Bar(point.label(), format(point.value()) + " " + unit, bars.size() * ROW + 4, drawn,
                    LABEL_WIDTH + drawn + 6, limit > 0 && point.value() > limit));
        }
        int limitX = limit > 0 && max > 0 ? LABEL_WIDTH + (int) Math.round(limit / max * BAR_AREA) : 0;
        return new BarChart(title, unit, bars, limit, limitX, LABEL_WIDTH + BAR_AREA + 110, bars.size() * ROW + 8, LABEL_WIDTH);
    }

    /** A bar's label for a token: its id shortened and its owner, cut to fit the label column (the table below has them whole). */
    public static String tokenLabel(String tokenId, String ownerId) {
        String id = tokenId != null && tokenId.length() > 12 ? tokenId.substring(0, 12) + "…" : String.valueOf(tokenId);
        String label = id + " (" + ownerId + ")";
        return label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL - 1) + "…" : label;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
