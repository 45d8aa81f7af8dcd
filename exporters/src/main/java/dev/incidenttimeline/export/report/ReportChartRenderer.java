package dev.incidenttimeline.export.report;

import dev.incidenttimeline.export.report.ReportChartModel.Area;
import dev.incidenttimeline.export.report.ReportChartModel.Box;
import dev.incidenttimeline.export.report.ReportChartModel.Day;
import dev.incidenttimeline.export.report.ReportChartModel.LegendEntry;
import dev.incidenttimeline.export.report.ReportChartModel.WeekLabel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Paints a {@link ReportChartModel} as a PNG with Java2D on an off-screen image, so it needs
 * no display. All positions come from the model; this class only chooses fonts and strokes,
 * and cuts labels to the width the model allows them.
 */
public final class ReportChartRenderer {
    private static final Color BACKGROUND = Color.WHITE;
    private static final Color INK = new Color(0x1F2328);
    private static final Color MUTED = new Color(0x57606A);
    private static final Color GRID = new Color(0xD8DEE4);
    private static final Color WEEKEND = new Color(0xF6F8FA);
    private static final Color BOUNDARY = new Color(0x24292F);
    private static final Color NOW = new Color(0x0969DA);
    private static final Color OUTLINE = new Color(0x1F2328);

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font WEEK = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ReportChartRenderer() {
    }

    /** The chart as PNG bytes, {@code model.width()} × {@code model.height()} pixels. */
    public static byte[] renderPng(ReportChartModel model) {
        return png(render(model));
    }

    /** An image as PNG bytes, encoded in memory. */
    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
            ImageWriter writer = writers.next();
            // In memory: no temporary files, nothing that depends on the working directory.
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(image);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a report chart as PNG", e);
        }
    }

    /** The chart as an image, for callers that want to compose or inspect it. */
    public static BufferedImage render(ReportChartModel m) {
        BufferedImage image = new BufferedImage(m.width(), m.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, m.width(), m.height());
            header(g, m);
            grid(g, m);
            boxes(g, m);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void header(Graphics2D g, ReportChartModel m) {
        Area plot = m.plot();
        g.setColor(INK);
        g.setFont(TITLE);
        g.drawString(m.title(), plot.x(), 32);
        g.setColor(MUTED);
        g.setFont(SUBTITLE);
        g.drawString(m.subtitle(), plot.x(), 52);

        // Legend, right-aligned on the title line: a swatch and its severity for each shade.
        g.setFont(LEGEND);
        FontMetrics fm = g.getFontMetrics();
        int swatch = 14;
        int spacing = 16;
        int total = 0;
        for (LegendEntry e : m.legend()) {
            total += swatch + 5 + fm.stringWidth(e.label()) + spacing;
        }
        total -= spacing;
        int x = plot.right() - total;
        int y = 20;
        for (LegendEntry e : m.legend()) {
            g.setColor(new Color(e.fill()));
            g.fillRect(x, y, swatch, swatch);
            g.setColor(GRID.darker());
            g.drawRect(x, y, swatch, swatch);
            g.setColor(INK);
            g.drawString(e.label(), x + swatch + 5, y + swatch - 2);
            x += swatch + 5 + fm.stringWidth(e.label()) + spacing;
        }
    }

    private static void grid(Graphics2D g, ReportChartModel m) {
        Area plot = m.plot();
        for (Day d : m.days()) {
            if (d.weekend()) {
                g.setColor(WEEKEND);
                g.fillRect(d.x(), plot.y(), d.w(), plot.h());
            }
        }
        g.setStroke(new BasicStroke(1f));
        g.setColor(GRID);
        for (Day d : m.days()) {
            g.drawLine(d.x(), plot.y(), d.x(), plot.bottom());
        }
        g.drawLine(plot.right(), plot.y(), plot.right(), plot.bottom());
        g.drawLine(plot.x(), plot.bottom(), plot.right(), plot.bottom());

        g.setFont(AXIS);
        FontMetrics fm = g.getFontMetrics();
        for (Day d : m.days()) {
            g.setColor(d.weekend() ? MUTED : INK);
            String label = fit(d.label(), fm, d.w() - 4);
            g.drawString(label, d.x() + (d.w() - fm.stringWidth(label)) / 2, plot.bottom() + 18);
        }

        g.setFont(WEEK);
        fm = g.getFontMetrics();
        g.setColor(INK);
        for (WeekLabel w : m.weeks()) {
            g.drawString(w.label(), w.centerX() - fm.stringWidth(w.label()) / 2, plot.y() - 10);
        }
        g.setColor(BOUNDARY);
        g.setStroke(new BasicStroke(2f));
        for (int x : m.weekBoundaries()) {
            g.drawLine(x, plot.y() - 4, x, plot.bottom() + 4);
        }

        if (m.nowX() >= 0) {
            g.setColor(NOW);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {5f, 4f}, 0f));
            g.drawLine(m.nowX(), plot.y(), m.nowX(), plot.bottom());
            g.setFont(AXIS);
            g.drawString("now", m.nowX() + 3, plot.bottom() - 4);
        }
        g.setStroke(new BasicStroke(1f));

        if (!m.emptyMessage().isEmpty()) {
            g.setFont(SUBTITLE.deriveFont(Font.ITALIC, 14f));
            fm = g.getFontMetrics();
            g.setColor(MUTED);
            g.drawString(m.emptyMessage(), plot.x() + (plot.w() - fm.stringWidth(m.emptyMessage())) / 2,
                    plot.y() + plot.h() / 2);
        }
    }

    private static void boxes(Graphics2D g, ReportChartModel m) {
        Font bold = LABEL.deriveFont(Font.BOLD);
        for (Box b : m.boxes()) {
            Shape shape = shape(b);
            g.setColor(new Color(b.fill()));
            g.fill(shape);
            g.setColor(new Color(b.fill()).darker());
            g.setStroke(new BasicStroke(1f));
            g.draw(shape);
            if (b.ongoing()) {
                // Ongoing: a dashed right edge says "not over yet".
                g.setColor(OUTLINE);
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {3f, 3f}, 0f));
                g.drawLine(b.right(), b.y(), b.right(), b.y() + b.h());
                g.setStroke(new BasicStroke(1f));
            }
            int room = b.w() - 2 * ReportChartModel.PADDING;
            int left = b.x() + ReportChartModel.PADDING + (b.clippedLeft() ? 3 : 0);
            g.setColor(new Color(b.textColor()));
            g.setFont(bold);
            FontMetrics fm = g.getFontMetrics();
            int top = b.y() + 4;
            g.drawString(fit(b.line1(), fm, room), left, top + ReportChartModel.LINE_HEIGHT - fm.getDescent());
            g.setFont(LABEL);
            fm = g.getFontMetrics();
            g.drawString(fit(b.line2(), fm, room), left, top + 2 * ReportChartModel.LINE_HEIGHT - fm.getDescent());
        }
    }

    /** A rectangle; one that started before the chart gets a notched left edge. */
    private static Shape shape(Box b) {
        if (!b.clippedLeft()) {
            return new java.awt.Rectangle(b.x(), b.y(), b.w(), b.h());
        }
        Path2D.Double p = new Path2D.Double();
        int notch = Math.min(6, b.w() / 2);
        p.moveTo(b.x(), b.y());
        p.lineTo(b.right(), b.y());
        p.lineTo(b.right(), b.y() + b.h());
        p.lineTo(b.x(), b.y() + b.h());
        p.lineTo(b.x() + notch, b.y() + b.h() / 2.0);
        p.closePath();
        return p;
    }

    /** {@code text}, cut with an ellipsis to fit {@code maxWidth} pixels; empty when not even that fits. */
    static String fit(String text, FontMetrics fm, int maxWidth) {
        if (fm.stringWidth(text) <= maxWidth) {
            return text;
        }
        int end = text.length();
        while (end > 0) {
            end = text.offsetByCodePoints(end, -1);
            String cut = text.substring(0, end).stripTrailing() + "…";
            if (fm.stringWidth(cut) <= maxWidth) {
                return end == 0 ? "" : cut;
            }
        }
        return "";
    }
}
