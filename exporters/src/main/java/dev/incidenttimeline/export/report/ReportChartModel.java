package dev.incidenttimeline.export.report;

import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.Incident;
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
 * The chart of the weekly report, laid out but not drawn: the trailing two ISO weeks (the
 * report week and the one before) on a time axis, one box per incident from its start to its
 * resolution (ongoing ones to the report time), wider for longer incidents and darker for more
 * severe ones, stacked in lanes so that no box or label overlaps another. Pixel positions are
 * computed here so that the layout is testable without looking at an image; {@link
 * ReportChartRenderer} only paints it.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param title the chart title
 * @param subtitle how to read it, and the zone of the day axis
 * @param plot the area the boxes are drawn in
 * @param days one column per local day, Monday of the earlier week first
 * @param weeks the two week labels, centred over their halves
 * @param weekBoundaryX x of Monday 00:00 of the report week
 * @param nowX x of the report time, or {@code -1} when it is not inside the two weeks
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
        int weekBoundaryX,
        int nowX,
        List<Box> boxes,
        List<LegendEntry> legend,
        String emptyMessage) {

    public static final int DEFAULT_WIDTH = 1200;
    public static final int DEFAULT_HEIGHT = 500;

    /** Rough advance of one character of the label font; the renderer truncates to the real width. */
    static final int LABEL_CHAR_WIDTH = 7;
    static final int LABEL_MAX_CHARS = 40;
    static final int MIN_LABEL_CHARS = 3;
    /** Room for {@code INC-42}: a label cut shorter than that says nothing. */
    static final int KEY_CHARS = 6;
    static final int LANE_GAP = 6;
    static final int MAX_BOX_HEIGHT = 26;
    /** Lanes are planned for boxes at least this tall, so that labels read well. */
    static final int MIN_LABELLED_BOX_HEIGHT = 16;
    /** Below this height a lane cannot hold a line of label text at all. */
    static final int MIN_TEXT_BOX_HEIGHT = 12;
    static final int MIN_BOX_WIDTH = 4;
    private static final int LABEL_GAP = 5;
    private static final int LABEL_PADDING = 6;

    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    public ReportChartModel {
        days = List.copyOf(days);
        weeks = List.copyOf(weeks);
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

    /** One local day of the axis: its column and its label ({@code Mon 16 Nov}). */
    public record Day(LocalDate date, int x, int w, String label, boolean weekend) {
    }

    public record WeekLabel(String label, int centerX) {
    }

    /** Where a box's label goes: inside it when it fits, else beside it where there is room. */
    public enum LabelPlacement { INSIDE, RIGHT, LEFT, NONE }

    /**
     * One incident. {@code fill} and {@code textColor} are {@code 0xRRGGBB}; the label must fit in
     * {@code labelMaxWidth} pixels where {@code labelPlacement} puts it. {@code clippedLeft}: the
     * incident started before the chart; {@code ongoing}: it is not resolved yet.
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
            String label,
            LabelPlacement labelPlacement,
            int labelMaxWidth,
            boolean ongoing,
            boolean clippedLeft) {

        public int right() {
            return x + w;
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

    public static ReportChartModel build(WeeklyReportInput input) {
        return build(input, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    public static ReportChartModel build(WeeklyReportInput input, int width, int height) {
        Objects.requireNonNull(input, "input");
        if (width < 400 || height < 240) {
            throw new IllegalArgumentException("the chart needs at least 400×240 pixels, not " + width + "×" + height);
        }
        ZoneId zone = input.zone();
        IsoWeek week = input.week();
        IsoWeek before = week.previous();
        Instant from = before.start(zone);
        Instant to = week.end(zone);
        Area plot = new Area(40, 100, width - 40 - 30, height - 100 - 56);
        Axis axis = new Axis(from, to, plot);

        List<Day> days = new ArrayList<>();
        for (LocalDate d = before.monday(); !d.isAfter(week.sunday()); d = d.plusDays(1)) {
            int x1 = axis.x(d.atStartOfDay(zone).toInstant());
            int x2 = axis.x(d.plusDays(1).atStartOfDay(zone).toInstant());
            days.add(new Day(d, x1, x2 - x1, DAY_LABEL.format(d), d.getDayOfWeek().getValue() >= 6));
        }
        int boundary = axis.x(week.start(zone));
        List<WeekLabel> weeks = List.of(
                new WeekLabel(before.toString(), (plot.x() + boundary) / 2),
                new WeekLabel(week.toString(), (boundary + plot.right()) / 2));
        Instant now = input.generatedAt();
        int nowX = now.isAfter(from) && now.isBefore(to) ? axis.x(now) : -1;

        List<Box> boxes = boxes(input, axis, from, to);
        long inRange = incidentsInRange(input, from, to);
        String omitted = inRange > boxes.size()
                ? " Showing the " + boxes.size() + " most severe and longest of " + inRange + " incidents."
                : "";
        List<LegendEntry> legend = new ArrayList<>();
        for (Severity s : Severity.values()) {
            legend.add(new LegendEntry(s.label(), fill(s)));
        }
        return new ReportChartModel(
                width,
                height,
                "Incidents, " + before + " and " + week,
                "Box width is duration, darker is more severe, a dashed right edge is still ongoing. Days in "
                        + zone.getId() + "." + omitted,
                plot,
                days,
                weeks,
                boundary,
                nowX,
                boxes,
                legend,
                boxes.isEmpty() ? "No incidents in these two weeks" : "");
    }

    /** Maps instants of the two weeks linearly onto the plot (a DST day is a little wider or narrower). */
    private record Axis(Instant from, Instant to, Area plot) {
        int x(Instant t) {
            double span = to.toEpochMilli() - from.toEpochMilli();
            double f = (t.toEpochMilli() - from.toEpochMilli()) / span;
            f = Math.max(0, Math.min(1, f));
            return plot.x() + (int) Math.round(f * plot.w());
        }
    }

    /** An incident placed on the axis, before lanes are known. */
    private record Span(Incident incident, int x, int w, String label, LabelPlacement placement, int labelWidth,
            boolean ongoing, boolean clippedLeft) {
        /** The pixels the span takes on its lane, its label included when that is beside the box. */
        int from(boolean withOutsideLabels) {
            return withOutsideLabels && placement == LabelPlacement.LEFT ? x - LABEL_GAP - labelWidth : x;
        }

        int to(boolean withOutsideLabels) {
            return withOutsideLabels && placement == LabelPlacement.RIGHT ? x + w + LABEL_GAP + labelWidth : x + w;
        }
    }

    /** At most this many boxes are drawn. */
    static final int MAX_BOXES = 300;

    /** The incidents of the report, each once (one can be in two lists: declared last week and still open). */
    private static Map<Long, Incident> distinct(WeeklyReportInput input) {
        Map<Long, Incident> byNumber = new LinkedHashMap<>();
        for (List<Incident> list : List.of(input.previousWeekIncidents(), input.incidents(),
                input.openFromEarlierWeeks())) {
            for (Incident i : list) {
                byNumber.putIfAbsent(i.number(), i);
            }
        }
        return byNumber;
    }

    private static Instant end(Incident i, WeeklyReportInput input, Instant to) {
        return i.isOpen() || i.resolvedAt() == null
                ? (input.generatedAt().isBefore(to) ? input.generatedAt() : to)
                : i.resolvedAt();
    }

    private static long incidentsInRange(WeeklyReportInput input, Instant from, Instant to) {
        return distinct(input).values().stream()
                .filter(i -> end(i, input, to).isAfter(from) && start(i).isBefore(to)).count();
    }

    private static List<Box> boxes(WeeklyReportInput input, Axis axis, Instant from, Instant to) {
        Map<Long, Incident> byNumber = distinct(input);
        List<Span> spans = new ArrayList<>();
        int plotRight = axis.plot().right();
        int plotLeft = axis.plot().x();
        for (Incident i : byNumber.values()) {
            Instant start = start(i);
            Instant end = end(i, input, to);
            if (!end.isAfter(from) || !start.isBefore(to)) {
                continue; // outside the two weeks altogether
            }
            int x1 = axis.x(start);
            int x2 = Math.max(axis.x(end), x1 + MIN_BOX_WIDTH);
            if (x2 > plotRight) {
                x2 = plotRight;
                x1 = Math.min(x1, x2 - MIN_BOX_WIDTH);
            }
            int w = x2 - x1;
            String label = label(i, input);
            int labelWidth = label.length() * LABEL_CHAR_WIDTH;
            LabelPlacement placement;
            int roomRight = plotRight - (x2 + LABEL_GAP);
            int roomLeft = x1 - LABEL_GAP - plotLeft;
            if (labelWidth + 2 * LABEL_PADDING <= w) {
                placement = LabelPlacement.INSIDE;
                labelWidth = w - 2 * LABEL_PADDING;
            } else if (roomRight >= labelWidth || roomRight >= roomLeft) {
                // Beside the box, right by preference; near the right edge it goes left.
                placement = LabelPlacement.RIGHT;
                labelWidth = Math.min(labelWidth, Math.max(roomRight, 0));
            } else {
                placement = LabelPlacement.LEFT;
                labelWidth = Math.min(labelWidth, Math.max(roomLeft, 0));
            }
            if (labelWidth < MIN_LABEL_CHARS * LABEL_CHAR_WIDTH) {
                placement = LabelPlacement.NONE;
                labelWidth = 0;
            }
            spans.add(new Span(i, x1, w, label, placement, labelWidth, i.isOpen(), start.isBefore(from)));
        }
        if (spans.size() > MAX_BOXES) {
            // A fortnight with thousands of incidents cannot be read box by box: draw the most
            // severe and longest ones (the subtitle says how many are left out).
            spans.sort(Comparator.comparingInt((Span sp) -> sp.incident().severity().level())
                    .thenComparing(Comparator.comparingInt(Span::w).reversed())
                    .thenComparingLong(sp -> sp.incident().number()));
            spans = new ArrayList<>(spans.subList(0, MAX_BOXES));
        }
        spans.sort(Comparator.comparingInt(Span::x).thenComparing(s -> start(s.incident()))
                .thenComparingLong(s -> s.incident().number()));

        Area plot = axis.plot();
        int maxLanes = Math.max(1, (plot.h() - LANE_GAP) / (MIN_LABELLED_BOX_HEIGHT + LANE_GAP));
        List<Placed> placed = lanes(spans, maxLanes);
        if (boxHeight(plot, laneCount(placed)) < MIN_TEXT_BOX_HEIGHT) {
            // Too crowded for labels beside boxes: lay the boxes out tightly, labels inside only.
            placed = lanes(spans, 0);
        }
        int laneCount = laneCount(placed);
        int h = boxHeight(plot, laneCount);
        int gap = laneCount == 0 ? LANE_GAP
                : Math.max(1, Math.min(LANE_GAP, (plot.h() - h * laneCount) / (laneCount + 1)));
        boolean labelled = h >= MIN_TEXT_BOX_HEIGHT;

        List<Box> boxes = new ArrayList<>();
        for (Placed p : placed) {
            Span s = p.span();
            Severity sev = s.incident().severity();
            LabelPlacement placement = labelled ? p.placement() : LabelPlacement.NONE;
            boolean showLabel = placement != LabelPlacement.NONE;
            boxes.add(new Box(
                    s.incident().number(),
                    sev,
                    s.x(),
                    plot.y() + gap + p.lane() * (h + gap),
                    s.w(),
                    h,
                    fill(sev),
                    textColor(sev),
                    showLabel ? s.label() : "",
                    placement,
                    showLabel ? p.labelWidth() : 0,
                    s.ongoing(),
                    s.clippedLeft()));
        }
        return boxes;
    }

    private static int boxHeight(Area plot, int laneCount) {
        return laneCount == 0 ? MAX_BOX_HEIGHT
                : Math.max(3, Math.min(MAX_BOX_HEIGHT, (plot.h() - LANE_GAP * (laneCount + 1)) / laneCount));
    }

    private static int laneCount(List<Placed> placed) {
        return placed.stream().mapToInt(p -> p.lane() + 1).max().orElse(0);
    }

    /** A span on its lane, with the label placement it got there. */
    private record Placed(Span span, int lane, LabelPlacement placement, int labelWidth) {
    }

    /**
     * First-fit lanes in start order. A span goes in the first of {@code maxLanes} lanes where it
     * and a label beside it overlap nothing; failing that (a crowded fortnight), in the first lane
     * where the box alone fits, its label then cut to fit inside the box, or left out.
     */
    private static List<Placed> lanes(List<Span> spans, int maxLanes) {
        List<Lane> taken = new ArrayList<>();
        List<Placed> result = new ArrayList<>();
        for (Span s : spans) {
            int lane = firstFree(taken, s.from(true), s.to(true), maxLanes);
            LabelPlacement placement = s.placement();
            int labelWidth = s.labelWidth();
            int from = s.from(true);
            int to = s.to(true);
            if (lane < 0) {
                from = s.x();
                to = s.x() + s.w();
                lane = firstFree(taken, from, to, Integer.MAX_VALUE);
                labelWidth = s.w() - 2 * LABEL_PADDING;
                boolean fitsInside = labelWidth >= KEY_CHARS * LABEL_CHAR_WIDTH;
                placement = fitsInside ? LabelPlacement.INSIDE : LabelPlacement.NONE;
                labelWidth = fitsInside ? labelWidth : 0;
            }
            while (taken.size() <= lane) {
                taken.add(new Lane());
            }
            taken.get(lane).add(from, to);
            result.add(new Placed(s, lane, placement, labelWidth));
        }
        return result;
    }

    /** The first lane below {@code limit} where {@code [from, to)} overlaps nothing, or -1. */
    private static int firstFree(List<Lane> taken, int from, int to, int limit) {
        for (int lane = 0; lane < limit; lane++) {
            if (lane >= taken.size() || !taken.get(lane).overlaps(from, to)) {
                return lane;
            }
        }
        return -1;
    }

    /**
     * The spans placed on one lane. Spans arrive in start order, so most checks are answered
     * by the lane's right end alone; the full scan is needed only for a span (or its label)
     * that reaches back left of it. Keeps a crowded fortnight (thousands of incidents) linear
     * in practice rather than quadratic.
     */
    private static final class Lane {
        private final List<int[]> spans = new ArrayList<>();
        private int maxTo = Integer.MIN_VALUE;
        private int minFrom = Integer.MAX_VALUE;

        void add(int from, int to) {
            spans.add(new int[] {from, to});
            maxTo = Math.max(maxTo, to);
            minFrom = Math.min(minFrom, from);
        }

        boolean overlaps(int from, int to) {
            if (spans.isEmpty() || from >= maxTo + LANE_GAP || to + LANE_GAP <= minFrom) {
                return false;
            }
            // Newest first: a span that overlaps a busy lane almost always meets its last spans.
            for (int i = spans.size() - 1; i >= 0; i--) {
                int[] t = spans.get(i);
                if (from < t[1] + LANE_GAP && t[0] < to + LANE_GAP) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Instant start(Incident i) {
        return i.startedAt() != null && i.startedAt().isBefore(i.declaredAt()) ? i.startedAt() : i.declaredAt();
    }

    /** {@code INC-41 Checkout API returns 5xx}, cut to a readable length; {@code private} when it may not be shown. */
    static String label(Incident i, WeeklyReportInput input) {
        if (i.isPrivate() && !input.showPrivate()) {
            return "private";
        }
        String title = MarkdownText.plainFromSlack(i.title(), id -> {
            SlackUser u = input.users().get(id);
            return u == null ? id : u.label();
        });
        String text = (i.key() + " " + title.replaceAll("\\s+", " ")).strip();
        if (text.codePointCount(0, text.length()) > LABEL_MAX_CHARS) {
            text = text.substring(0, text.offsetByCodePoints(0, LABEL_MAX_CHARS - 1)).stripTrailing() + "…";
        }
        return text;
    }
}
