package dev.incidenttimeline.export.report;

import static dev.incidenttimeline.export.report.ReportFixtures.at;
import static dev.incidenttimeline.export.report.ReportFixtures.incident;
import static dev.incidenttimeline.export.report.ReportFixtures.normalWeek;
import static dev.incidenttimeline.export.report.ReportFixtures.weekOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.export.report.ReportChartModel.Box;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The chart's layout, from the model: box sizes, minimum width, lanes, labels, the canvas fitting its content. */
class ReportChartTest {

    private static Box box(ReportChartModel model, long number) {
        return model.boxes().stream().filter(b -> b.incidentNumber() == number).findFirst().orElseThrow();
    }

    @Test
    void png_decodesAtTheModelSize() throws IOException {
        ReportChartModel model = ReportChartModel.build(normalWeek(true));
        byte[] png = ReportChartRenderer.renderPng(model);
        // -Dchart.out=<file> keeps the picture, to look at it.
        String out = System.getProperty("chart.out");
        if (out != null && !out.isBlank()) {
            Files.write(Path.of(out), png);
            Files.write(Path.of(out.replace(".png", "-trend.png")),
                    TrendChartRenderer.renderPng(TrendChartModel.build(WeeklyReportModel.from(normalWeek(true)).trend())));
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(model.width());
        assertThat(image.getHeight()).isEqualTo(model.height());
    }

    @Test
    void everyBox_isTallEnoughForTwoLines_andWideEnoughForItsKeyAndTrueDuration() {
        ReportChartModel model = ReportChartModel.build(normalWeek(true));
        assertThat(model.boxes()).isNotEmpty().allSatisfy(b -> {
            assertThat(b.h()).isEqualTo(ReportChartModel.BOX_HEIGHT).isGreaterThanOrEqualTo(2 * ReportChartModel.LINE_HEIGHT);
            assertThat(b.w()).isGreaterThanOrEqualTo(ReportChartModel.MIN_BOX_WIDTH)
                    .isGreaterThanOrEqualTo(ReportChartModel.textWidth(b.line1()) + 2 * ReportChartModel.PADDING);
            assertThat(ReportChartModel.textWidth(b.line2())).isLessThanOrEqualTo(b.w() - 2 * ReportChartModel.PADDING);
            assertThat(b.x()).isGreaterThanOrEqualTo(model.plot().x());
            assertThat(b.right()).isLessThanOrEqualTo(model.plot().right());
        });
        // A 25-minute incident is a sliver on a two-week axis; its box is readable, and says 25m.
        Box inc44 = box(model, 44);
        assertThat(inc44.line1()).isEqualTo("INC-44 · 25m");
        assertThat(inc44.line2()).isEqualTo("Status page shows *stale* data");
        assertThat(inc44.titleCut()).isFalse();
        // An ongoing one says so with a plus.
        assertThat(box(model, 46).line1()).isEqualTo("INC-46 · 13h+");
    }

    @Test
    void longerIncidents_areWider_andMoreSevereOnesDarker() {
        Incident week = incident(1, "A week-long degradation of search", Severity.SEV3, IncidentStatus.RESOLVED,
                null, "2026-11-16T08:00", "2026-11-21T08:00", false, null);
        Incident hour = incident(2, "Short", Severity.SEV1, IncidentStatus.RESOLVED,
                null, "2026-11-17T08:00", "2026-11-17T09:00", false, null);
        ReportChartModel model = ReportChartModel.build(weekOf(List.of(week, hour)));
        assertThat(box(model, 1).w()).isGreaterThan(box(model, 2).w() * 2);
        assertThat(luminance(box(model, 2).fill())).isLessThan(luminance(box(model, 1).fill()));
    }

    @Test
    void boxesNeverOverlap_andTheCanvasIsAsTallAsItsLanes() {
        List<Incident> many = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            many.add(incident(100 + k, "Incident number " + k + " with a long title that will not fit",
                    Severity.values()[k % 4], IncidentStatus.RESOLVED, null,
                    String.format("2026-11-%02dT%02d:00", 9 + k / 3, 8 + (k % 3) * 3),
                    String.format("2026-11-%02dT%02d:30", 9 + k / 3, 9 + (k % 3) * 3), false, null));
        }
        ReportChartModel model = ReportChartModel.build(weekOf(many));
        assertThat(model.boxes()).hasSize(30);
        for (Box a : model.boxes()) {
            for (Box b : model.boxes()) {
                if (a != b) {
                    boolean apart = a.right() <= b.x() || b.right() <= a.x() || a.bottom() <= b.y() || b.bottom() <= a.y();
                    assertThat(apart).as("INC-%d and INC-%d overlap", a.incidentNumber(), b.incidentNumber()).isTrue();
                }
            }
        }
        int lowest = model.boxes().stream().mapToInt(Box::bottom).max().orElseThrow();
        assertThat(model.plot().bottom() - lowest).isEqualTo(ReportChartModel.LANE_GAP);
        assertThat(model.height()).isEqualTo(model.plot().bottom() + ReportChartModel.FOOTER);
        // Every cut title is listed, in full, for the table under the image.
        assertThat(model.cutTitles()).isNotEmpty().allSatisfy(b -> {
            assertThat(b.line2()).endsWith("…");
            assertThat(b.fullTitle()).startsWith(b.line2().substring(0, b.line2().length() - 1));
        });
    }

    @Test
    void anEmptyWindow_isASmallChartThatSaysSo() throws IOException {
        ReportChartModel model = ReportChartModel.build(weekOf(List.of()));
        assertThat(model.boxes()).isEmpty();
        assertThat(model.emptyMessage()).isEqualTo("No incidents in 2026-W46 to 2026-W47");
        assertThat(model.plot().h()).isEqualTo(ReportChartModel.EMPTY_PLOT_HEIGHT);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ReportChartRenderer.renderPng(model)));
        assertThat(image.getHeight()).isEqualTo(model.height());
    }

    @Test
    void privateIncidents_areDrawn_butNamedOnlyPrivate() {
        Box hidden = box(ReportChartModel.build(normalWeek(false)), 45);
        assertThat(hidden.line1()).startsWith("private · ");
        assertThat(hidden.line2()).isEqualTo("private incident");
        assertThat(hidden.fullTitle()).isEmpty();
        assertThat(box(ReportChartModel.build(normalWeek(true)), 45).line2()).startsWith("Suspicious login");
    }

    @Test
    void theTrendChart_stacksSeverities_toTheWeeksTotal() {
        TrendChartModel trend = TrendChartModel.build(WeeklyReportModel.from(normalWeek(true)).trend());
        assertThat(trend.weeks()).hasSize(8);
        TrendChartModel.WeekColumn w47 = trend.weeks().get(7);
        assertThat(w47.label()).isEqualTo("W47");
        assertThat(w47.total()).isEqualTo("6");
        assertThat(w47.segments().stream().mapToInt(TrendChartModel.Bar::h).sum()).isEqualTo(trend.counts().h());
        assertThat(trend.weeks().get(0).segments()).isEmpty();
        assertThat(w47.mttr()).isNotNull();
    }

    @Test
    void sameModel_sameBytes() {
        ReportChartModel model = ReportChartModel.build(normalWeek(false));
        assertThat(ReportChartRenderer.renderPng(model)).isEqualTo(ReportChartRenderer.renderPng(model));
    }

    /** Relative luminance, 0 (black) to 1 (white). */
    private static double luminance(int rgb) {
        return (0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF)) / 255;
    }
}
