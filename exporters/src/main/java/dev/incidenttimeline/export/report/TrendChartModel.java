package dev.incidenttimeline.export.report;

import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.export.report.WeeklyReportModel.TrendWeek;
import java.util.ArrayList;
import java.util.List;

/**
 * The small trend chart of the weekly report, laid out but not drawn: for each of the last
 * {@value WeeklyReportInput#TREND_WEEKS} ISO weeks, a stacked bar of the incidents declared by
 * severity (left panel) and a pair of bars for MTTR and MTTD (right panel). The numbers are
 * those of {@link WeeklyReportModel#trend()}, which the Markdown also shows as a table.
 *
 * @param width image width
 * @param height image height
 * @param title the chart title
 * @param counts the left panel's area
 * @param times the right panel's area
 * @param countMax the top of the count axis
 * @param hoursMax the top of the time axis, in hours
 * @param weeks one column per week, oldest first
 */
public record TrendChartModel(
        int width,
        int height,
        String title,
        ReportChartModel.Area counts,
        ReportChartModel.Area times,
        int countMax,
        int hoursMax,
        List<WeekColumn> weeks) {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 260;
    public static final int MTTR_FILL = 0x0969DA;
    public static final int MTTD_FILL = 0x8250DF;

    public TrendChartModel {
        weeks = List.copyOf(weeks);
    }

    /** One segment of a stacked bar, or one time bar: a rectangle, its fill and its value text. */
    public record Bar(int x, int y, int w, int h, int fill, String value) {
    }

    /**
     * One week: its label ({@code W47}), the severity segments bottom up (SEV4 at the bottom,
     * SEV1 on top), the total above them, and the MTTR and MTTD bars (absent when there was none).
     */
    public record WeekColumn(String label, int labelX, List<Bar> segments, String total, int totalY, Bar mttr,
            Bar mttd) {
        public WeekColumn {
            segments = List.copyOf(segments);
        }
    }

    public static TrendChartModel build(List<TrendWeek> trend) {
        int panelW = (WIDTH - 3 * 40) / 2;
        ReportChartModel.Area counts = new ReportChartModel.Area(40, 78, panelW, HEIGHT - 78 - 40);
        ReportChartModel.Area times = new ReportChartModel.Area(40 + panelW + 40, 78, panelW, HEIGHT - 78 - 40);
        int countMax = Math.max(1, trend.stream().mapToInt(TrendWeek::declared).max().orElse(0));
        long maxSeconds = 0;
        for (TrendWeek w : trend) {
            maxSeconds = Math.max(maxSeconds, w.mttrSeconds() == null ? 0 : w.mttrSeconds());
            maxSeconds = Math.max(maxSeconds, w.mttdSeconds() == null ? 0 : w.mttdSeconds());
        }
        int hoursMax = (int) Math.max(1, (maxSeconds + 3599) / 3600);
        int n = Math.max(1, trend.size());
        int slot = counts.w() / n;
        List<WeekColumn> columns = new ArrayList<>();
        for (int k = 0; k < trend.size(); k++) {
            TrendWeek w = trend.get(k);
            int barW = Math.max(6, slot * 3 / 5);
            int x = counts.x() + k * slot + (slot - barW) / 2;
            List<Bar> segments = new ArrayList<>();
            int bottom = counts.bottom();
            Severity[] order = Severity.values();
            for (int s = order.length - 1; s >= 0; s--) {
                int c = w.bySeverity().get(s).count();
                if (c == 0) {
                    continue;
                }
                int h = (int) Math.round((double) c * counts.h() / countMax);
                segments.add(new Bar(x, bottom - h, barW, h, ReportChartModel.fill(order[s]), String.valueOf(c)));
                bottom -= h;
            }
            int tx = times.x() + k * slot;
            int pairW = Math.max(4, slot * 3 / 10);
            Bar mttr = timeBar(w.mttrSeconds(), w.mttr(), tx + slot / 2 - pairW, pairW, times, hoursMax, MTTR_FILL);
            Bar mttd = timeBar(w.mttdSeconds(), w.mttd(), tx + slot / 2, pairW, times, hoursMax, MTTD_FILL);
            String label = w.week().substring(w.week().indexOf('-') + 1);
            columns.add(new WeekColumn(label, counts.x() + k * slot + slot / 2, segments, String.valueOf(w.declared()),
                    bottom - 4, mttr, mttd));
        }
        return new TrendChartModel(WIDTH, HEIGHT, "Last " + trend.size() + " weeks", counts, times, countMax,
                hoursMax, columns);
    }

    private static Bar timeBar(Long seconds, String text, int x, int w, ReportChartModel.Area area, int hoursMax,
            int fill) {
        if (seconds == null) {
            return null;
        }
        int h = (int) Math.max(1, Math.round(seconds / 3600.0 * area.h() / hoursMax));
        return new Bar(x, area.bottom() - h, w, h, fill, text);
    }
}
