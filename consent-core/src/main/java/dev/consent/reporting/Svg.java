package dev.consent.reporting;

import java.util.List;
import java.util.Locale;

/**
 * Draws the page's charts as inline SVG: grouped bars and lines over categories (periods or kinds). Every bar
 * is a {@code rect class="bar"} and every point a {@code circle class="point"}, each with a {@code title} that
 * names its value, so a reader hovering sees the figure and a test counts the marks. Not thread-safe state:
 * static methods only.
 */
final class Svg {
    static final int WIDTH = 540;
    static final int HEIGHT = 260;
    private static final int LEFT = 44;
    private static final int RIGHT = 12;
    private static final int TOP = 34;
    private static final int BOTTOM = 40;
    private static final int LEGEND_CHARS = 32;

    /** One named series of values, one per category; {@code NaN} where there is no value (no mark is drawn). */
    record Series(String name, String color, double[] values) {}

    private Svg() {}

    /** Grouped bars: per category one bar per series, on a scale from 0 to the largest value (at least 1). */
    static String bars(String id, String label, List<String> categories, List<Series> series) {
        double max = 1;
        for (Series s : series) {
            for (double v : s.values()) {
                max = Double.isNaN(v) ? max : Math.max(max, v);
            }
        }
        max = Math.ceil(max / 4) * 4; // whole numbers on the four grid lines
        StringBuilder svg = open(id, label, series);
        axis(svg, max, false);
        double slot = plotWidth() / Math.max(1, categories.size());
        double bar = Math.min(28, (slot - 12) / Math.max(1, series.size()));
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + c * slot + (slot - bar * series.size()) / 2;
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s).values()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double h = plotHeight() * v / max;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"bar\" data-series=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                                + " fill=\"%s\"><title>%s, %s: %s</title></rect>",
                        Html.escape(series.get(s).name()),
                        x0 + s * bar,
                        TOP + plotHeight() - h,
                        bar - 2,
                        Math.max(h, 0.5),
                        series.get(s).color(),
                        Html.escape(categories.get(c)),
                        Html.escape(series.get(s).name()),
                        number(v)));
            }
            categoryLabel(svg, LEFT + c * slot + slot / 2, categories.get(c));
        }
        return svg.append("</svg>").toString();
    }

    /** Lines of shares between 0 and 1 over the categories, one per series, with a point per value. */
    static String lines(String id, String label, List<String> categories, List<Series> series) {
        StringBuilder svg = open(id, label, series);
        axis(svg, 1, true);
        double slot = plotWidth() / Math.max(1, categories.size());
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            StringBuilder points = new StringBuilder();
            for (int c = 0; c < categories.size(); c++) {
                double v = s.values()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = LEFT + c * slot + slot / 2;
                double y = TOP + plotHeight() * (1 - v);
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                points.append(String.format(
                        Locale.ROOT,
                        "<circle class=\"point\" data-series=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\">"
                                + "<title>%s, %s: %.1f%%</title></circle>",
                        Html.escape(s.name()),
                        x,
                        y,
                        s.color(),
                        Html.escape(categories.get(c)),
                        Html.escape(s.name()),
                        v * 100));
            }
            if (path.length() > 0) {
                svg.append("<path class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"")
                        .append(s.color())
                        .append("\" d=\"")
                        .append(path)
                        .append("\"/>");
            }
            svg.append(points);
        }
        for (int c = 0; c < categories.size(); c++) {
            categoryLabel(svg, LEFT + c * slot + slot / 2, categories.get(c));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String label, List<Series> series) {
        StringBuilder svg = new StringBuilder(2048);
        svg.append(String.format(
                Locale.ROOT,
                "<svg class=\"chart\" data-chart=\"%s\" role=\"img\""
                        + " aria-label=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                Html.escape(id),
                Html.escape(label),
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        double x = LEFT;
        int y = 8;
        for (Series s : series) {
            String name =
                    s.name().length() > LEGEND_CHARS ? s.name().substring(0, LEGEND_CHARS - 1) + "\u2026" : s.name();
            double width = 28 + 6.6 * name.length();
            if (x > LEFT && x + width > WIDTH - RIGHT) {
                x = LEFT;
                y += 14; // the next row of the legend, over the top of the plot when there are many purposes
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"key\" x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" class=\"legend\">%s</text>",
                    x,
                    y,
                    s.color(),
                    x + 14,
                    y + 9,
                    Html.escape(name)));
            x += width;
        }
        return svg;
    }

    private static void axis(StringBuilder svg, double max, boolean percent) {
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotHeight() * (1 - i / 4.0);
            double value = max * i / 4.0;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                            + "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT,
                    WIDTH - RIGHT,
                    y,
                    y,
                    LEFT - 6,
                    y + 4,
                    percent ? Math.round(value * 100) + "%" : number(value)));
        }
    }

    private static void categoryLabel(StringBuilder svg, double x, String text) {
        svg.append(String.format(
                Locale.ROOT,
                "<text class=\"category\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                x,
                HEIGHT - BOTTOM + 18,
                Html.escape(text)));
    }

    private static double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static double plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
