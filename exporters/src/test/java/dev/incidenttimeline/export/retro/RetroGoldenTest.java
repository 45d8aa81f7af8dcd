package dev.incidenttimeline.export.retro;

import static dev.incidenttimeline.export.retro.RetroFixtures.GENERATED_AT;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RetroGoldenTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final RetroMarkdownRenderer renderer = new RetroMarkdownRenderer();

    @Test
    void smallIncident_matchesGoldenFile() {
        Golden.assertMatches("small.md", renderer.render(RetroFixtures.small(), UTC, GENERATED_AT));
    }

    @Test
    void richIncident_matchesGoldenFile() {
        Golden.assertMatches("rich.md", renderer.render(RetroFixtures.rich(), UTC, GENERATED_AT));
    }

    @Test
    void titleOnlyIncident_matchesGoldenFile() {
        Golden.assertMatches("title-only.md", renderer.render(RetroFixtures.titleOnly(), UTC, GENERATED_AT));
    }

    @Test
    void richIncidentInBerlinTime_matchesGoldenFile() {
        Golden.assertMatches("rich-europe-berlin.md",
                renderer.render(RetroFixtures.rich(), ZoneId.of("Europe/Berlin"), GENERATED_AT));
    }

    @Test
    void richIncidentAsJson_matchesGoldenFile() {
        Golden.assertMatches("rich.json", RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT)));
    }
}
