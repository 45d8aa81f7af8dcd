package dev.incidenttimeline.export.report;

import static dev.incidenttimeline.export.report.ReportFixtures.emptyWeek;
import static dev.incidenttimeline.export.report.ReportFixtures.normalWeek;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.export.report.WeeklyReportRenderer.Images;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's exact bytes, Markdown and JSON, for a realistic fortnight; and the rule that no list repeats another. */
class WeeklyReportGoldenTest {
    private static final Images IMAGES = new Images("incident-review-2026-W47.png", "incident-review-2026-W47-trend.png");

    @Test
    void normalWeek_markdown_matchesGolden() {
        Golden.assertMatches("normal-week.md", WeeklyReportRenderer.render(normalWeek(true), IMAGES));
    }

    @Test
    void normalWeek_postedElsewhere_hidesThePrivateIncidents_matchesGolden() {
        String md = WeeklyReportRenderer.render(normalWeek(false), IMAGES);
        Golden.assertMatches("normal-week-private-hidden.md", md);
        assertThat(md).doesNotContain("Suspicious", "INC-45", "INC-39", "Rotate admin credentials", "Leaked");
    }

    @Test
    void normalWeek_json_matchesGolden() {
        Golden.assertMatches("normal-week.json", WeeklyReportJson.write(normalWeek(true)));
    }

    @Test
    void emptyWeek_markdown_matchesGolden() {
        Golden.assertMatches("empty-week.md", WeeklyReportRenderer.render(emptyWeek(), Images.NONE));
    }

    @Test
    void sameInput_sameBytes() {
        assertThat(WeeklyReportRenderer.render(normalWeek(true), IMAGES))
                .isEqualTo(WeeklyReportRenderer.render(normalWeek(true), IMAGES));
        assertThat(WeeklyReportJson.write(normalWeek(true))).isEqualTo(WeeklyReportJson.write(normalWeek(true)));
    }

    @Test
    void everyFollowUp_appearsOnce_inItsMostUrgentGroup() throws Exception {
        JsonNode f = new ObjectMapper().readTree(WeeklyReportJson.write(normalWeek(true))).get("followUps");
        List<String> seen = new ArrayList<>();
        f.get("needsOwnerOrDueDate").forEach(a -> seen.add(key(a)));
        f.get("byOwner").forEach(g -> g.get("items").forEach(a -> seen.add(key(a))));
        f.get("closedThisWeek").forEach(a -> seen.add(key(a)));
        assertThat(seen).doesNotHaveDuplicates();
        // Every open item of the fixture is listed, and the closed ones of the week.
        assertThat(seen).containsExactlyInAnyOrder(
                "INC-41#4", "INC-42#1", "INC-33#1", // no owner or no due date
                "INC-41#2", "INC-41#3", "INC-45#1", // Ana has 45#1; Ben 41#2, 37#2; Cara 41#3, 38#1
                "INC-37#2", "INC-38#1", "INC-43#2", "INC-43#3", // Dan
                "INC-41#1", "INC-43#1", "INC-37#1", "INC-31#1"); // closed this week
        // In the Markdown, each item's row is there exactly once.
        String md = WeeklyReportRenderer.render(normalWeek(true), IMAGES);
        for (String k : seen) {
            String[] parts = k.split("#");
            assertThat(md.lines().filter(l -> l.startsWith("| " + parts[0] + " | " + parts[1] + " |")).count())
                    .as(k).isEqualTo(1);
        }
        // An item without a due date is in the top group, not in its owner's too.
        assertThat(f.get("needsOwnerOrDueDate").get(1).get("marks").toString()).contains("no due date");
    }

    @Test
    void everyJsonField_isDocumented() throws Exception {
        String doc;
        try (var in = WeeklyReportJson.class.getResourceAsStream("/templates/report-json.md")) {
            assertThat(in).as("report-json.md on the class path").isNotNull();
            doc = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        collect(new ObjectMapper().readTree(WeeklyReportJson.write(normalWeek(true))), names);
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(doc).contains("| `" + name + "` |"));
    }

    private static void collect(JsonNode node, java.util.Set<String> names) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                names.add(name);
                collect(node.get(name), names);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        }
    }

    private static String key(JsonNode a) {
        return a.get("incident").asText() + "#" + a.get("number").asText();
    }
}
