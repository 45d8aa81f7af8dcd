package dev.incidenttimeline.export.report;

import static dev.incidenttimeline.export.report.ReportFixtures.BERLIN;
import static dev.incidenttimeline.export.report.ReportFixtures.USERS;
import static dev.incidenttimeline.export.report.ReportFixtures.W47;
import static dev.incidenttimeline.export.report.ReportFixtures.at;
import static dev.incidenttimeline.export.report.ReportFixtures.incident;
import static dev.incidenttimeline.export.report.ReportFixtures.normalWeek;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ReportChartTest {

    private static WeeklyReportInput weekOf(List<Incident> incidents) {
        return new WeeklyReportInput(W47, BERLIN, at("2026-11-23T09:00"), incidents, List.of(), List.of(),
                List.of(), Map.of(), USERS, true);
    }

    private static Box box(ReportChartModel model, long number) {
        return model.boxes().stream().filter(b -> b.incidentNumber() == number).findFirst().orElseThrow();
    }

    /** Relative luminance, 0 (black) to 1 (white). */
    private static double luminance(int rgb) {
        return (0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF)) / 255;
    }

    @Test
    void png_decodesAtTheModelSize() throws IOException {
        byte[] png = ReportChartRenderer.renderPng(ReportChartModel.build(normalWeek(false)));

        // -Dchart.out=<file> keeps the picture, to look at it.
        String out = System.getProperty("chart.out");
        if (out != null && !out.isBlank()) {
            Files.write(Path.of(out), png);
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(500);
    }

    @Test
    void png_ofAnEmptyFortnight_decodesToo() throws IOException {
        ReportChartModel model = ReportChartModel.build(weekOf(List.of()), 800, 300);
        assertThat(model.boxes()).isEmpty();
        assertThat(model.emptyMessage()).isNotEmpty();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ReportChartRenderer.renderPng(model)));
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(300);
    }

    @Test
    void sameModel_sameBytes() {
        ReportChartModel model = ReportChartModel.build(normalWeek(false));
        assertThat(ReportChartRenderer.renderPng(model)).isEqualTo(ReportChartRenderer.renderPng(model));
    }

    @Test
    void model_hasExactlyOneBoxPerIncidentOfTheTwoWeeks() {
        ReportChartModel model = ReportChartModel.build(normalWeek(false));
        // W47: 41–46; W46: 37–40 (40 is also still open); earlier and still open: 33.
        assertThat(model.boxes()).extracting(Box::incidentNumber)
                .containsExactlyInAnyOrder(33L, 37L, 38L, 39L, 40L, 41L, 42L, 43L, 44L, 45L, 46L);
    }

    @Test
    void moreSevere_isDarker() {
        List<Incident> incidents = new ArrayList<>();
        for (Severity s : Severity.values()) {
            incidents.add(incident(80 + s.level(), "Same length " + s, s, IncidentStatus.RESOLVED, null,
                    "2026-11-18T10:00", "2026-11-18T12:00", false, null));
        }
        ReportChartModel model = ReportChartModel.build(weekOf(incidents));

        double previous = -1;
        for (Severity s : Severity.values()) {
            double l = luminance(box(model, 80 + s.level()).fill());
            assertThat(l).as("%s lighter than the one above", s).isGreaterThan(previous);
            previous = l;
        }
        assertThat(model.legend()).extracting(ReportChartModel.LegendEntry::label)
                .containsExactly("SEV1", "SEV2", "SEV3", "SEV4");
    }

    @Test
    void longerIncident_isWider() {
        Incident oneHour = incident(90, "Short", Severity.SEV3, IncidentStatus.RESOLVED, null,
                "2026-11-17T10:00", "2026-11-17T11:00", false, null);
        Incident tenHours = incident(91, "Long", Severity.SEV3, IncidentStatus.RESOLVED, null,
                "2026-11-17T10:00", "2026-11-17T20:00", false, null);
        ReportChartModel model = ReportChartModel.build(weekOf(List.of(oneHour, tenHours)));

        assertThat(box(model, 91).w()).isGreaterThan(box(model, 90).w() * 5);
    }

    @Test
    void ongoingIncident_extendsToTheReportTimeOrTheEndOfTheWeek() {
        Incident open = incident(92, "Still going", Severity.SEV2, IncidentStatus.INVESTIGATING, null,
                "2026-11-20T10:00", null, false, null);
        ReportChartModel afterTheWeek = ReportChartModel.build(weekOf(List.of(open)));
        assertThat(box(afterTheWeek, 92).right()).isEqualTo(afterTheWeek.plot().right());
        assertThat(box(afterTheWeek, 92).ongoing()).isTrue();

        WeeklyReportInput midWeek = new WeeklyReportInput(W47, BERLIN, at("2026-11-21T10:00"), List.of(open),
                List.of(), List.of(), List.of(), Map.of(), USERS, true);
        ReportChartModel model = ReportChartModel.build(midWeek);
        Box b = box(model, 92);
        assertThat(b.right()).isEqualTo(model.nowX());
        // A day wide: 1/14 of the plot.
        assertThat((double) b.w()).isCloseTo(model.plot().w() / 14.0, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void boxesAndTheirLabels_neverOverlap() {
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String declared = LocalDate.of(2026, 11, 16 + i % 7) + "T" + String.format("%02d", 6 + i % 12) + ":00";
            String resolved = LocalDate.of(2026, 11, 16 + i % 7) + "T" + String.format("%02d", 8 + i % 12) + ":30";
            incidents.add(incident(100 + i, "Incident with a fairly long title " + i, Severity.ofLevel(1 + i % 4),
                    IncidentStatus.RESOLVED, null, declared, resolved, false, null));
        }
        ReportChartModel model = ReportChartModel.build(weekOf(incidents));

        assertThat(model.boxes()).hasSize(30);
        for (Box a : model.boxes()) {
            assertThat(a.y() + a.h()).isLessThanOrEqualTo(model.plot().bottom());
            assertThat(a.x()).isGreaterThanOrEqualTo(model.plot().x());
            assertThat(a.right()).isLessThanOrEqualTo(model.plot().right());
            for (Box b : model.boxes()) {
                if (a != b && a.y() == b.y()) {
                    assertThat(extentTo(a) <= extentFrom(b) || extentTo(b) <= extentFrom(a))
                            .as("INC-%d and INC-%d share a lane without overlapping", a.incidentNumber(),
                                    b.incidentNumber())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void crowdedFortnight_drawsTheMostSevereAndLongest_andSaysHowManyAreLeftOut() {
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String day = LocalDate.of(2026, 11, 16 + i % 7).toString();
            String declared = day + "T" + String.format("%02d:%02d", 1 + i % 20, i % 60);
            String resolved = day + "T" + String.format("%02d:%02d", 2 + i % 20, i % 60);
            incidents.add(incident(1000 + i, "Incident " + i, Severity.ofLevel(1 + i % 4), IncidentStatus.RESOLVED,
                    null, declared, resolved, false, null));
        }
        ReportChartModel model = ReportChartModel.build(weekOf(incidents));

        assertThat(model.boxes()).hasSize(ReportChartModel.MAX_BOXES);
        assertThat(model.boxes()).allSatisfy(b -> assertThat(b.severity()).isIn(Severity.SEV1, Severity.SEV2));
        assertThat(model.subtitle()).contains("Showing the 300 most severe and longest of 1000 incidents.");
    }

    private static int extentFrom(Box b) {
        return b.labelPlacement() == ReportChartModel.LabelPlacement.LEFT ? b.x() - 5 - b.labelMaxWidth() : b.x();
    }

    private static int extentTo(Box b) {
        return b.labelPlacement() == ReportChartModel.LabelPlacement.RIGHT ? b.right() + 5 + b.labelMaxWidth()
                : b.right();
    }

    @Test
    void dayAxis_hasFourteenDays_andTheWeekBoundaryBetweenThem() {
        ReportChartModel model = ReportChartModel.build(normalWeek(false));
        assertThat(model.days()).hasSize(14);
        assertThat(model.days().get(0).label()).isEqualTo("Mon 9 Nov");
        assertThat(model.days().get(13).label()).isEqualTo("Sun 22 Nov");
        assertThat(model.weekBoundaryX()).isEqualTo(model.days().get(7).x());
        assertThat(model.weeks()).extracting(ReportChartModel.WeekLabel::label)
                .containsExactly("2026-W46", "2026-W47");
    }
}
