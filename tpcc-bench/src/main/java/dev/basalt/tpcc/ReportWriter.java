package dev.basalt.tpcc;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code --report DIR}: {@code results.json} (what {@link RunReport#toJson} holds),
 * {@code tpcc.png} (throughput per second and type over the run, the warm-up shaded; latency
 * percentiles per type) drawn with JFreeChart without a display, and {@code index.html} showing
 * both.
 */
final class ReportWriter {
    static final int PICTURE_WIDTH = 1200;
    static final int CHART_HEIGHT = 450;
    static final String JSON = "results.json";
    static final String PICTURE = "tpcc.png";
    static final String PAGE = "index.html";

    private ReportWriter() {
    }

    /** Writes the three files into {@code dir} (created if missing). */
    static void write(Path dir, RunReport report, String databaseProduct) throws IOException {
        System.setProperty("java.awt.headless", "true"); // before the first AWT class is used
        Files.createDirectories(dir);
        Map<String, Object> json = report.toJson(databaseProduct);
        Files.writeString(dir.resolve(JSON), Json.write(json), StandardCharsets.UTF_8);
        writePicture(dir.resolve(PICTURE), report);
        Files.writeString(dir.resolve(PAGE), page(report, databaseProduct, Json.write(json)), StandardCharsets.UTF_8);
    }

    private static void writePicture(Path file, RunReport report) throws IOException {
        Driver.Measurement m = report.measurement();
        XYSeriesCollection throughput = new XYSeriesCollection();
        for (TxnType type : TxnType.values()) {
            XYSeries series = new XYSeries(type.key());
            for (Driver.Tick tick : m.timeline()) {
                series.add(tick.second(), tick.types().get(type).completed());
            }
            throughput.addSeries(series);
        }
        JFreeChart overTime = ChartFactory.createXYLineChart("Throughput (transactions per second)", "second of the run", "transactions/s",
                throughput, PlotOrientation.VERTICAL, true, false, false);
        if (m.settings().warmupSeconds() > 0) {
            IntervalMarker warmup = new IntervalMarker(0, m.settings().warmupSeconds());
            warmup.setPaint(new Color(220, 220, 220));
            warmup.setLabel("warm-up");
            warmup.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            warmup.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            overTime.getXYPlot().addDomainMarker(warmup, Layer.BACKGROUND);
        }
        overTime.getXYPlot().setBackgroundPaint(Color.WHITE);

        DefaultCategoryDataset percentiles = new DefaultCategoryDataset();
        for (TxnType type : TxnType.values()) {
            Histogram h = m.totals().latency.get(type);
            for (double p : RunReport.PERCENTILES) {
                percentiles.addValue(Stats.percentileMs(h, p), "p" + new java.text.DecimalFormat("0.#").format(p), type.key());
            }
        }
        JFreeChart latency = ChartFactory.createBarChart("Latency percentiles of the measurement window (ms)", "transaction", "ms",
                percentiles, PlotOrientation.VERTICAL, true, false, false);
        latency.getCategoryPlot().setBackgroundPaint(Color.WHITE);

        BufferedImage image = new BufferedImage(PICTURE_WIDTH, 2 * CHART_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            overTime.draw(g, new Rectangle2D.Double(0, 0, PICTURE_WIDTH, CHART_HEIGHT));
            latency.draw(g, new Rectangle2D.Double(0, CHART_HEIGHT, PICTURE_WIDTH, CHART_HEIGHT));
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM for " + file);
        }
    }

    private static String page(RunReport report, String databaseProduct, String json) {
        Driver.Settings s = report.measurement().settings();
        StringBuilder rows = new StringBuilder();
        Stats.Totals t = report.measurement().totals();
        for (TxnType type : TxnType.values()) {
            Histogram h = t.latency.get(type);
            rows.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>%n",
                    type.key(), t.completed(type), t.aborts(type), t.retries(type), Stats.percentileMs(h, 50), Stats.percentileMs(h, 90),
                    Stats.percentileMs(h, 99)));
        }
        StringBuilder conditions = new StringBuilder();
        if (report.consistency() != null) {
            for (Consistency.Condition c : report.consistency().conditions()) {
                conditions.append("<li>").append(html(c.line())).append("</li>\n");
            }
        }
        if (report.consistencyError() != null) {
            conditions.append("<li>").append(html(report.consistencyError())).append("</li>\n");
        }
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>TPC-C " + html(databaseProduct) + " W=" + s.warehouses()
                + " T=" + s.terminals() + "</title>\n<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 10px;text-align:right}"
                + "td:first-child{text-align:left}pre{background:#f4f4f4;padding:1em;overflow:auto;max-height:30em}</style></head><body>\n"
                + "<h1>TPC-C on " + html(databaseProduct) + "</h1>\n<p><code>" + html(report.line()) + "</code></p>\n"
                + "<p>" + html(s.url()) + ", " + (s.specMode() ? "spec mode (keying and think times)" : "no-wait mode") + ", "
                + html(s.isolation().option()) + ", " + s.warmupSeconds() + " s warm-up, seed " + s.seed() + "</p>\n"
                + "<img src=\"" + PICTURE + "\" alt=\"throughput over time and latency percentiles per transaction type\" width=\""
                + PICTURE_WIDTH + "\">\n<h2>Transactions (measurement window)</h2>\n<table><tr><th>type</th><th>completed</th><th>aborts</th>"
                + "<th>retries</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th></tr>\n" + rows + "</table>\n"
                + "<h2>Consistency</h2>\n<ul>\n" + conditions + "</ul>\n"
                + "<h2>" + JSON + "</h2>\n<pre>" + html(json) + "</pre>\n</body></html>\n";
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
