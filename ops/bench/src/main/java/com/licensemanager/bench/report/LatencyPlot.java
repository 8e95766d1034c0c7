package com.licensemanager.bench.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end latency (p50, p99, max; logarithmic axis) against offered load, drawn with Java2D: the fixed-rate
 * phases as lines, the max-rate phases (saturated: their latency is mostly queueing) as hollow markers, the 200 ms
 * criterion as a horizontal line and the throughput references as vertical lines.
 */
public final class LatencyPlot {

    /** One phase: where it sits on the load axis and its latency percentiles in ms. */
    public record Point(String label, double offeredPerSecond, double p50, double p99, double max, boolean saturated) {
    }

    /** A vertical reference line (e.g. pgbench -c 4 TPS). */
    public record Reference(String label, double perSecond, Color color) {
    }

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 760;
    private static final int LEFT = 95;
    private static final int RIGHT = 40;
    private static final int TOP = 105;
    private static final int BOTTOM = 120;
    private static final Color P50 = new Color(0x1f77b4);
    private static final Color P99 = new Color(0xd62728);
    private static final Color MAX = new Color(0x7f7f7f);

    private LatencyPlot() {
    }

    public static void write(Path png, String title, List<String> subtitles, List<Point> points,
                             List<Reference> references, double criterionMs) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double xMax = 0;
        double yMaxValue = criterionMs;
        double yMinValue = criterionMs;
        for (Point p : points) {
            xMax = Math.max(xMax, p.offeredPerSecond);
            for (double v : new double[] {p.p50, p.p99, p.max}) {
                if (v > 0 && !Double.isNaN(v)) {
                    yMaxValue = Math.max(yMaxValue, v);
                    yMinValue = Math.min(yMinValue, v);
                }
            }
        }
        for (Reference r : references) {
            xMax = Math.max(xMax, r.perSecond);
        }
        xMax = niceCeiling(xMax * 1.08);
        double yLow = Math.pow(10, Math.floor(Math.log10(Math.max(0.1, yMinValue))));
        double yHigh = niceLogCeiling(yMaxValue * 1.1);
        Axes axes = new Axes(xMax, yLow, yHigh);

        // title
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString(title, LEFT, 38);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(new Color(0x444444));
        for (int i = 0; i < subtitles.size(); i++) {
            g.drawString(subtitles.get(i), LEFT, 60 + 18 * i);
        }

        // grid and ticks
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        Stroke thin = new BasicStroke(1f);
        for (double decade = yLow; decade <= yHigh * 1.0001; decade *= 10) {
            for (int m = 1; m < 10; m++) {
                double v = decade * m;
                if (v > yHigh * 1.0001) {
                    break;
                }
                int y = axes.y(v);
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.setStroke(thin);
                g.draw(new Line2D.Double(LEFT, y, WIDTH - RIGHT, y));
                if (m == 1 || m == 2 || m == 5) {
                    String label = formatMs(v);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
                }
            }
        }
        double xStep = niceStep(xMax / 8);
        for (double v = 0; v <= xMax + 1e-9; v += xStep) {
            int x = axes.x(v);
            g.setColor(new Color(0xeeeeee));
            g.draw(new Line2D.Double(x, TOP, x, HEIGHT - BOTTOM));
            String label = String.format(Locale.ROOT, "%.0f", v);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label, x - fm.stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        String xLabel = "offered load (license requests per second)";
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - g.getFontMetrics().stringWidth(xLabel)) / 2,
                HEIGHT - BOTTOM + 45);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        String yLabel = "end-to-end latency, ms (request published -> result consumed; log scale)";
        rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM) / 2 + g.getFontMetrics().stringWidth(yLabel) / 2),
                28);
        rotated.dispose();

        // criterion
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        Stroke dashed = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
        g.setStroke(dashed);
        g.setColor(new Color(0xff7f0e));
        int yCriterion = axes.y(criterionMs);
        g.draw(new Line2D.Double(LEFT, yCriterion, WIDTH - RIGHT, yCriterion));
        String criterion = String.format(Locale.ROOT, "p99 criterion %.0f ms (at 50 %% of max)", criterionMs);
        g.drawString(criterion, WIDTH - RIGHT - 8 - g.getFontMetrics().stringWidth(criterion), yCriterion - 6);

        // references
        int referenceRow = 0;
        for (Reference r : references) {
            int x = axes.x(r.perSecond);
            g.setColor(r.color);
            g.setStroke(dashed);
            g.draw(new Line2D.Double(x, TOP, x, HEIGHT - BOTTOM));
            String label = r.label + String.format(Locale.ROOT, " %.0f/s", r.perSecond);
            int w = g.getFontMetrics().stringWidth(label);
            int lx = x + 5 + w > WIDTH - RIGHT ? x - 5 - w : x + 5;
            g.drawString(label, lx, TOP + 16 + 16 * referenceRow++);
        }

        // series
        List<Point> fixed = points.stream().filter(p -> !p.saturated).sorted((a, b) ->
                Double.compare(a.offeredPerSecond, b.offeredPerSecond)).toList();
        series(g, axes, fixed, Point::p50, P50, "circle");
        series(g, axes, fixed, Point::p99, P99, "square");
        series(g, axes, fixed, Point::max, MAX, "triangle");
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int saturatedCount = 0;
        for (Point p : points) {
            int y;
            if (p.saturated) {
                marker(g, axes.x(p.offeredPerSecond), axes.y(p.p50), "circle", P50, false);
                marker(g, axes.x(p.offeredPerSecond), axes.y(p.p99), "square", P99, false);
                marker(g, axes.x(p.offeredPerSecond), axes.y(p.max), "triangle", MAX, false);
                // below the p50 marker, staggered: max-rate points of 1 and 2 instances often sit side by side
                y = axes.y(p.p50) + 22 + 15 * saturatedCount++;
            } else {
                y = axes.y(p.p99) - 9;
            }
            g.setColor(Color.DARK_GRAY);
            String label = p.label;
            int lx = axes.x(p.offeredPerSecond) + 9;
            if (lx + g.getFontMetrics().stringWidth(label) > WIDTH - RIGHT) {
                lx = axes.x(p.offeredPerSecond) - 9 - g.getFontMetrics().stringWidth(label);
            }
            g.drawString(label, lx, y);
        }

        // legend
        int lx = LEFT;
        int ly = HEIGHT - 42;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        lx = legend(g, lx, ly, "circle", P50, true, "p50");
        lx = legend(g, lx, ly, "square", P99, true, "p99");
        lx = legend(g, lx, ly, "triangle", MAX, true, "max");
        lx = legend(g, lx, ly, "square", P99, false, "max-rate phase (saturated, backlog: latency is queueing)");
        g.dispose();
        try {
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Axes(double xMax, double yLow, double yHigh) {
        int x(double v) {
            return (int) Math.round(LEFT + v / xMax * (WIDTH - LEFT - RIGHT));
        }

        int y(double v) {
            double clamped = Math.max(yLow, Math.min(yHigh, v));
            double f = (Math.log10(clamped) - Math.log10(yLow)) / (Math.log10(yHigh) - Math.log10(yLow));
            return (int) Math.round(HEIGHT - BOTTOM - f * (HEIGHT - TOP - BOTTOM));
        }
    }

    private static void series(Graphics2D g, Axes axes, List<Point> points,
                               java.util.function.ToDoubleFunction<Point> value, Color color, String shape) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        List<int[]> xy = new ArrayList<>();
        for (Point p : points) {
            double v = value.applyAsDouble(p);
            if (!Double.isNaN(v)) {
                xy.add(new int[] {axes.x(p.offeredPerSecond), axes.y(v)});
            }
        }
        for (int i = 1; i < xy.size(); i++) {
            g.draw(new Line2D.Double(xy.get(i - 1)[0], xy.get(i - 1)[1], xy.get(i)[0], xy.get(i)[1]));
        }
        for (int[] point : xy) {
            marker(g, point[0], point[1], shape, color, true);
        }
    }

    private static void marker(Graphics2D g, int x, int y, String shape, Color color, boolean filled) {
        Shape s = switch (shape) {
            case "square" -> new Rectangle2D.Double(x - 5, y - 5, 10, 10);
            case "triangle" -> {
                Path2D.Double t = new Path2D.Double();
                t.moveTo(x, y - 6);
                t.lineTo(x + 6, y + 5);
                t.lineTo(x - 6, y + 5);
                t.closePath();
                yield t;
            }
            default -> new Ellipse2D.Double(x - 5.5, y - 5.5, 11, 11);
        };
        g.setColor(color);
        if (filled) {
            g.fill(s);
        } else {
            g.setColor(Color.WHITE);
            g.fill(s);
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            g.draw(s);
        }
    }

    private static int legend(Graphics2D g, int x, int y, String shape, Color color, boolean filled, String text) {
        marker(g, x + 6, y - 4, shape, color, filled);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 18, y);
        return x + 18 + g.getFontMetrics().stringWidth(text) + 28;
    }

    private static String formatMs(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.0f s", v / 1000).replace(".0 s", " s");
        }
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code v}. */
    private static double niceLogCeiling(double v) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (decade * m >= v) {
                return decade * m;
            }
        }
        return decade * 10;
    }

    private static double niceCeiling(double v) {
        double step = niceStep(v / 8);
        return Math.ceil(v / step) * step;
    }
}
