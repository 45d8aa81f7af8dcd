package dev.incidenttimeline.bot.report;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.BOB;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidentIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.incident.IncidentCommandFeature;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.RetroExport;
import dev.incidenttimeline.store.RetroExportRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /incident export} records the uploaded retro's permalink, and the weekly report links it. */
class RetroLinkTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static BotHarness bot;

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(),
                ctx -> List.of(new IncidentCommandFeature(ctx)));
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @Test
    void anExportedRetro_isLinkedFromTheReport_byItsSlackPermalink() throws Exception {
        testDb.truncateAll();
        CommandTestSupport.stubSlack(bot);
        String permalink = "https://t.slack.com/files/UBOT/F0RETRO1/retro-inc-1.md";
        // files.completeUploadExternal answers with the file, permalink included (Web API reference, files object).
        bot.slack.stubFor(post(urlPathEqualTo("/api/files.completeUploadExternal")).willReturn(okJson(
                "{\"ok\":true,\"files\":[{\"id\":\"F0RETRO1\",\"name\":\"retro.md\",\"title\":\"retro\","
                        + "\"permalink\":\"" + permalink + "\"}]}")));
        Incident inc = incidentIn(bot, "CINC", "DB failover");

        bot.command("export", "CINC", BOB);
        await(bot, "the recorded upload", () -> !bot.jdbi().withHandle(h -> h.attach(RetroExportRepository.class)
                .latestFor(BotHarness.TEAM, new long[] {inc.number()})).isEmpty());

        RetroExport e = bot.jdbi().withHandle(h -> h.attach(RetroExportRepository.class)
                .latestFor(BotHarness.TEAM, new long[] {inc.number()})).get(inc.number());
        assertThat(e.fileName()).isEqualTo("retro-" + inc.key() + ".md");
        assertThat(e.permalink()).isEqualTo(permalink);

        // A later file export does not hide the upload: anyone in the workspace can open the upload.
        bot.jdbi().useHandle(h -> h.attach(RetroExportRepository.class).recordFile(BotHarness.TEAM, inc.number(),
                "my-retro.md", inc.declaredAt()));
        String md = WeeklyReports.render(WeeklyReports.load(bot.jdbi(), BotHarness.TEAM,
                IsoWeek.containing(inc.declaredAt(), ZoneOffset.UTC), ZoneOffset.UTC, inc.declaredAt().plusSeconds(60),
                true)).markdown();
        assertThat(md).contains("Retro: [retro-" + inc.key() + ".md](" + permalink + ")");
    }
}
