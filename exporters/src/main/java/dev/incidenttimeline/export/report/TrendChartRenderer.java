package dev.incidenttimeline.export.report;

import dev.incidenttimeline.export.report.ReportChartModel.Area;
import dev.incidenttimeline.export.report.TrendChartModel.Bar;
import dev.incidenttimeline.export.report.TrendChartModel.WeekColumn;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Paints a {@link TrendChartModel} as a PNG, off screen; all positions come from the model. */
public final class TrendChartRenderer {
    private static final Color INK = new Color(0x1F2328);
    private static final Color MUTED = new Color(0x57606A);
    private static final Color GRID = new Color(0xD8DEE4);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font PANEL = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private TrendChartRenderer() {
    }

    public static byte[] renderPng(TrendChartModel model) {
        return ReportChartRenderer.png(render(model));
    }

    public static BufferedImage render(TrendChartModel m) {
        BufferedImage image = new BufferedImage(m.width(), m.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, m.width(), m.height());
            g.setColor(INK);
            g.setFont(TITLE);
            g.drawString(m.title(), m.counts().x(), 22);
            panel(g, m.counts(), "Incidents by severity", "max " + m.countMax());
            panel(g, m.times(), "MTTR (blue) and MTTD (purple)", "max " + m.hoursMax() + "h");
            g.setFont(SMALL);
            FontMetrics fm = g.getFontMetrics();
            int offset = m.times().x() - m.counts().x();
            for (WeekColumn c : m.weeks()) {
                for (Bar b : c.segments()) {
                    bar(g, b);
                    if (b.h() >= fm.getAscent() + 2) {
                        g.setColor(new Color(ReportChartModel.textColor(severityOf(b.fill()))));
                        g.drawString(b.value(), b.x() + (b.w() - fm.stringWidth(b.value())) / 2,
                                b.y() + (b.h() + fm.getAscent()) / 2 - 1);
                    }
                }
                g.setColor(INK);
                g.drawString(c.total(), c.labelX() - fm.stringWidth(c.total()) / 2, c.totalY());
                if (c.mttr() != null) {
                    bar(g, c.mttr());
                }
                if (c.mttd() != null) {
                    bar(g, c.mttd());
                }
                g.setColor(MUTED);
                for (int x : new int[] {c.labelX(), c.labelX() + offset}) {
                    g.drawString(c.label(), x - fm.stringWidth(c.label()) / 2, m.counts().bottom() + 16);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, Area a, String title, String max) {
        g.setColor(GRID);
        g.drawLine(a.x(), a.bottom(), a.right(), a.bottom());
        g.drawLine(a.x(), a.y(), a.right(), a.y());
        g.setColor(INK);
        g.setFont(PANEL);
        g.drawString(title, a.x(), a.y() - 26);
        g.setFont(SMALL);
        g.setColor(MUTED);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(max, a.right() - fm.stringWidth(max), a.y() - 26);
    }

    private static void bar(Graphics2D g, Bar b) {
        g.setColor(new Color(b.fill()));
        g.fillRect(b.x(), b.y(), b.w(), b.h());
    }

    private static dev.incidenttimeline.domain.Severity severityOf(int fill) {
        for (dev.incidenttimeline.domain.Severity s : dev.incidenttimeline.domain.Severity.values()) {
            if (ReportChartModel.fill(s) == fill) {
                return s;
            }
        }
        return dev.incidenttimeline.domain.Severity.SEV4;
    }
}
