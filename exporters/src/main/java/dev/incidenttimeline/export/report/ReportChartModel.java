package dev.incidenttimeline.export.report;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.export.text.MarkdownText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The bulletin chart of the weekly report, laid out but not drawn: the trailing window (the
 * report week and the ones before it) on a time axis, one box per incident from its start to
 * its resolution (ongoing ones to the report time), wider for longer incidents and darker for
 * more severe ones, stacked in lanes so that no box overlaps another.
 *
 * <p>Every box is tall enough for two lines of text (key and true duration, then the title)
 * and at least wide enough for the first line, so a short incident is still readable: its
 * label carries its real duration. The image is as tall as its lanes, so no canvas is left
 * empty. A title that does not fit its box is cut with an ellipsis and listed in {@link
 * #cutTitles()}, which the Markdown shows in full under the image. Positions are computed
 * here, so the layout is testable without looking at an image; {@link ReportChartRenderer}
 * only paints it.
 *
 * @param width image width in pixels
 * @param height image height in pixels: the header, the lanes and the day axis
 * @param title the chart title
 * @param subtitle how to read it, and the zone of the day axis
 * @param plot the area the boxes are drawn in
 * @param days one column per local day, Monday of the earliest week first
 * @param weeks the week labels, centred over their columns
 * @param weekBoundaries x of each Monday 00:00 after the first
 * @param nowX x of the report time, or {@code -1} when it is not inside the window
 * @param boxes one box per incident, in start order
 * @param legend the severity shades, SEV1 first
 * @param emptyMessage shown in the plot when there are no boxes, else empty
 */
public record ReportChartModel(
        int width,
        int height,
        String title,
        String subtitle,
        Area plot,
        List<Day> days,
        List<WeekLabel> weeks,
        List<Integer> weekBoundaries,
        int nowX,
        List<Box> boxes,
        List<LegendEntry> legend,
        String emptyMessage) {

    public static final int DEFAULT_WIDTH = 1200;

    /** Advance of one character of the label font, rounded up: the renderer's text always fits. */
    static final int CHAR_WIDTH = 7;
    /** Padding inside a box, left and right. */
    static final int PADDING = 6;
    static final int LINE_HEIGHT = 15;
    /** Two lines of text and their padding. */
    static final int BOX_HEIGHT = 2 * LINE_HEIGHT + 8;
    static final int LANE_GAP = 6;
    /** No box is narrower than this, whatever its duration. */
    static final int MIN_BOX_WIDTH = 96;
    /** A short incident's box grows up to this width so that its title can be read. */
    static final int TITLE_BOX_WIDTH = 230;
    static final int HEADER = 96;
    static final int FOOTER = 40;
    /** The plot of an empty window: room for its message. */
    static final int EMPTY_PLOT_HEIGHT = 80;
    /** At most this many boxes are drawn; the subtitle says how many were left out. */
    static final int MAX_BOXES = 120;

    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d", Locale.ENGLISH);

    public ReportChartModel {
        days = List.copyOf(days);
        weeks = List.copyOf(weeks);
        weekBoundaries = List.copyOf(weekBoundaries);
        boxes = List.copyOf(boxes);
        legend = List.copyOf(legend);
    }

    /** A rectangle in image pixels. */
    public record Area(int x, int y, int w, int h) {
        public int right() {
            return x + w;
        }

        public int bottom() {
            return y + h;
        }
    }

    /** One local day of the axis: its column and its label ({@code Mon 16 Nov}, or {@code 16} when narrow). */
    public record Day(LocalDate date, int x, int w, String label, boolean weekend) {
    }

    public record WeekLabel(String label, int centerX) {
    }

    /**
     * One incident. {@code fill} and {@code textColor} are {@code 0xRRGGBB}. {@code line1} is the
     * key and the true duration; {@code line2} the title, cut to the box ({@code titleCut} then
     * says so, and {@code fullTitle} is the whole of it). {@code clippedLeft}: the incident
     * started before the window; {@code ongoing}: it is not resolved yet.
     */
    public record Box(
            long incidentNumber,
            Severity severity,
            int x,
            int y,
            int w,
            int h,
            int fill,
            int textColor,
            String line1,
            String line2,
            boolean titleCut,
            String key,
            String fullTitle,
            boolean ongoing,
            boolean clippedLeft) {

        public int right() {
            return x + w;
        }

        public int bottom() {
            return y + h;
        }
    }

    public record LegendEntry(String label, int fill) {
    }

    /** The shade of a severity: one hue, darker the worse (SEV1 darkest). */
    public static int fill(Severity severity) {
        return switch (severity) {
            case SEV1 -> 0x7F1D1D;
            case SEV2 -> 0xC0392B;
            case SEV3 -> 0xEE8577;
            case SEV4 -> 0xF8CFC8;
        };
    }

    /** Text colour that reads on {@link #fill(Severity)}. */
    public static int textColor(Severity severity) {
        return severity.level() <= 2 ? 0xFFFFFF : 0x3D0C0C;
    }

    /** The boxes whose title is cut in the picture: the Markdown gives their full titles. */
    public List<Box> cutTitles() {
        return boxes.stream().filter(Box::titleCut).toList();
    }

    public static ReportChartModel build(WeeklyReportInput input) {
        return build(input, DEFAULT_WIDTH);
    }

    public static ReportChartModel build(WeeklyReportInput input, int width) {
        Objects.requireNonNull(input, "input");
        if (width < 600) {
            throw new IllegalArgumentException("the chart needs at least 600 pixels of width, not " + width);
        }
        ZoneId zone = input.zone();
        IsoWeek week = input.week();
        IsoWeek first = input.windowStart();
        Instant from = first.start(zone);
        Instant to = week.end(zone);
        int plotX = 40;
        int plotW = width - plotX - 30;
        Axis axis = new Axis(from, to, plotX, plotW);

        List<Span> spans = spans(input, axis, from, to);
        long inRange = spans.size();
        if (spans.size() > MAX_BOXES) {
            // A window with hundreds of incidents cannot be read box by box: draw the most
            // severe and longest ones (the subtitle says how many are left out).
            spans.sort(Comparator.comparingInt((Span sp) -> sp.incident().severity().level())
                    .thenComparing(Comparator.comparingLong(Span::seconds).reversed())
                    .thenComparingLong(sp -> sp.incident().number()));
            spans = new ArrayList<>(spans.subList(0, MAX_BOXES));
        }
        spans.sort(Comparator.comparingInt(Span::x).thenComparingLong(s -> s.incident().number()));
        int[] lanes = lanes(spans);
        int laneCount = 0;
        for (int lane : lanes) {
            laneCount = Math.max(laneCount, lane + 1);
        }
        int plotH = laneCount == 0 ? EMPTY_PLOT_HEIGHT : LANE_GAP + laneCount * (BOX_HEIGHT + LANE_GAP);
        Area plot = new Area(plotX, HEADER, plotW, plotH);

        List<Box> boxes = new ArrayList<>();
        for (int k = 0; k < spans.size(); k++) {
            Span s = spans.get(k);
            Severity sev = s.incident().severity();
            boxes.add(new Box(s.incident().number(), sev, s.x(), plot.y() + LANE_GAP + lanes[k] * (BOX_HEIGHT + LANE_GAP),
                    s.w(), BOX_HEIGHT, fill(sev), textColor(sev), s.line1(), s.line2(), s.titleCut(), s.key(),
                    s.fullTitle(), s.incident().isOpen(), s.clippedLeft()));
        }

        List<Day> days = new ArrayList<>();
        for (LocalDate d = first.monday(); !d.isAfter(week.sunday()); d = d.plusDays(1)) {
            int x1 = axis.x(d.atStartOfDay(zone).toInstant());
            int x2 = axis.x(d.plusDays(1).atStartOfDay(zone).toInstant());
            int w = x2 - x1;
            String label = w >= 70 ? DAY_LABEL.format(d) : w >= 16 ? SHORT_DAY.format(d) : "";
            days.add(new Day(d, x1, w, label, d.getDayOfWeek().getValue() >= 6));
        }
        List<WeekLabel> weekLabels = new ArrayList<>();
        List<Integer> boundaries = new ArrayList<>();
        for (IsoWeek w = first; w.compareTo(week) <= 0; w = w.next()) {
            int x1 = axis.x(w.start(zone));
            int x2 = axis.x(w.end(zone));
            weekLabels.add(new WeekLabel(w.toString(), (x1 + x2) / 2));
            if (!w.equals(first)) {
                boundaries.add(x1);
            }
        }
        Instant now = input.generatedAt();
        int nowX = now.isAfter(from) && now.isBefore(to) ? axis.x(now) : -1;
        String omitted = inRange > boxes.size()
                ? " Showing the " + boxes.size() + " most severe and longest of " + inRange + " incidents."
                : "";
        List<LegendEntry> legend = new ArrayList<>();
        for (Severity s : Severity.values()) {
            legend.add(new LegendEntry(s.label(), fill(s)));
        }
        String window = input.trailingWeeks() == 1 ? week.toString() : first + " to " + week;
        return new ReportChartModel(
                width,
                plot.bottom() + FOOTER,
                "Incidents, " + window,
                "Longer is wider (at least wide enough to read; the label gives the true duration), darker is"
                        + " more severe, a dashed right edge is still ongoing. Days in " + zone.getId() + "." + omitted,
                plot,
                days,
                weekLabels,
                boundaries,
                nowX,
                boxes,
                legend,
                boxes.isEmpty() ? "No incidents in " + window : "");
    }

    /** Maps instants of the window linearly onto the plot (a DST day is a little wider or narrower). */
    private record Axis(Instant from, Instant to, int x, int w) {
        int x(Instant t) {
            double span = to.toEpochMilli() - from.toEpochMilli();
            double f = (t.toEpochMilli() - from.toEpochMilli()) / span;
            f = Math.max(0, Math.min(1, f));
            return x + (int) Math.round(f * w);
        }

        int right() {
            return x + w;
        }
    }

    /** An incident placed on the axis, before its lane is known. */
    private record Span(Incident incident, int x, int w, long seconds, String key, String line1, String line2,
            boolean titleCut, String fullTitle, boolean clippedLeft) {
    }

    /** The incidents of the report, each once (one can be in two lists). */
    private static Map<Long, Incident> distinct(WeeklyReportInput input) {
        Map<Long, Incident> byNumber = new LinkedHashMap<>();
        for (List<Incident> list : List.of(input.incidents(), input.openFromEarlierWeeks())) {
            for (Incident i : list) {
                byNumber.putIfAbsent(i.number(), i);
            }
        }
        return byNumber;
    }

    private static List<Span> spans(WeeklyReportInput input, Axis axis, Instant from, Instant to) {
        List<Span> spans = new ArrayList<>();
        for (Incident i : distinct(input).values()) {
            Instant start = start(i);
            Instant end = i.isOpen() || i.resolvedAt() == null
                    ? (input.generatedAt().isBefore(to) ? input.generatedAt() : to)
                    : i.resolvedAt();
            if (!end.isAfter(from) || !start.isBefore(to)) {
                continue; // outside the window altogether
            }
            boolean hidden = i.isPrivate() && !input.showPrivate();
            String key = hidden ? "private" : i.key().toString();
            String duration = ReportFormat.duration(i.duration(input.generatedAt()));
            String line1 = key + " · " + (i.isOpen() ? duration + "+" : duration);
            String title = hidden ? "private incident" : title(i, input);
            int x1 = axis.x(start);
            int trueWidth = axis.x(end) - x1;
            int w = Math.max(Math.max(trueWidth, MIN_BOX_WIDTH), textWidth(line1) + 2 * PADDING);
            w = Math.max(w, Math.min(TITLE_BOX_WIDTH, textWidth(title) + 2 * PADDING));
            w = Math.min(w, axis.w());
            if (x1 + w > axis.right()) {
                x1 = axis.right() - w;
            }
            int room = (w - 2 * PADDING) / CHAR_WIDTH;
            String line2 = cut(title, room);
            spans.add(new Span(i, x1, w, i.duration(input.generatedAt()).getSeconds(), key, line1, line2,
                    !line2.equals(title), hidden ? "" : title, start.isBefore(from)));
        }
        return spans;
    }

    /** First-fit lanes in start order: a box goes in the first lane where it overlaps nothing. */
    private static int[] lanes(List<Span> spans) {
        List<Integer> laneEnds = new ArrayList<>();
        int[] lane = new int[spans.size()];
        for (int k = 0; k < spans.size(); k++) {
            Span s = spans.get(k);
            int chosen = -1;
            for (int l = 0; l < laneEnds.size(); l++) {
                if (laneEnds.get(l) + LANE_GAP <= s.x()) {
                    chosen = l;
                    break;
                }
            }
            if (chosen < 0) {
                laneEnds.add(0);
                chosen = laneEnds.size() - 1;
            }
            laneEnds.set(chosen, s.x() + s.w());
            lane[k] = chosen;
        }
        return lane;
    }

    static int textWidth(String text) {
        return text.codePointCount(0, text.length()) * CHAR_WIDTH;
    }

    /** {@code text} cut to {@code chars} characters with an ellipsis; unchanged when it fits. */
    static String cut(String text, int chars) {
        int n = text.codePointCount(0, text.length());
        if (n <= chars) {
            return text;
        }
        if (chars <= 1) {
            return "…";
        }
        return text.substring(0, text.offsetByCodePoints(0, chars - 1)).stripTrailing() + "…";
    }

    private static Instant start(Incident i) {
        return i.startedAt() != null && i.startedAt().isBefore(i.declaredAt()) ? i.startedAt() : i.declaredAt();
    }

    /** The title as plain one-line text. */
    static String title(Incident i, WeeklyReportInput input) {
        String title = MarkdownText.plainFromSlack(i.title(), id -> {
            SlackUser u = input.users().get(id);
            return u == null ? id : u.label();
        });
        return title.replaceAll("\\s+", " ").strip();
    }
}
