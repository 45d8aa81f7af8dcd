package dev.incidenttimeline.bot.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.config.ReportSchedule;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.NewActionItem;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReportSchedulerTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    /** Monday 2026-11-23 09:30 UTC: half an hour after the MON 09:00 report of 2026-W47. */
    static final Instant NOW = Instant.parse("2026-11-23T09:30:00Z");
    static BotHarness bot;

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of("REPORT_CHANNEL", "CREPORT01", "REPORT_SCHEDULE", "MON 09:00"),
                Clock.fixed(NOW, ZoneOffset.UTC), ctx -> List.of());
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @Test
    void twoReplicas_postTheWeeklyReportOnce_andRemindEachOverdueOwnerOnce() {
        String team = BotHarness.TEAM;
        IncidentRepository incidents = bot.jdbi().onDemand(IncidentRepository.class);
        Incident inc = incidents.create(new NewIncident(team, "Checkout errors", Severity.SEV1, false, "U1", "U1",
                Instant.parse("2026-11-17T09:12:00Z"), null));
        incidents.setChannel(team, inc.number(), "CINC1", "inc-20261117-checkout-errors");
        incidents.updateStatus(team, inc.number(), IncidentStatus.RESOLVED, Instant.parse("2026-11-17T13:40:00Z"));
        ActionItemRepository actions = bot.jdbi().onDemand(ActionItemRepository.class);
        actions.add(team, new NewActionItem(inc.number(), "Pin sidecar images", "U4", LocalDate.parse("2026-11-19"),
                "U1", NOW.minusSeconds(86400 * 5), null));
        actions.add(team, new NewActionItem(inc.number(), "Alert on crash loops", "U2", LocalDate.parse("2026-12-01"),
                "U1", NOW.minusSeconds(86400 * 5), null));
        actions.add(team, new NewActionItem(inc.number(), "Done already", "U4", LocalDate.parse("2026-11-18"),
                "U1", NOW.minusSeconds(86400 * 5), null));
        actions.close(team, inc.number(), 3, ActionStatus.DONE, "U4", NOW.minusSeconds(86400 * 2));
        stubUploads();

        ReportScheduler replicaA = new ReportScheduler(bot.runtime.context());
        ReportScheduler replicaB = new ReportScheduler(bot.runtime.context());
        int claimedA = replicaA.runDue();
        int claimedB = replicaB.runDue();
        assertThat(claimedA + claimedB).isEqualTo(2);
        assertThat(replicaA.runDue() + replicaB.runDue()).isZero();
        bot.drain();

        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo("CREPORT01"))
                .withFormParam("blocks", matchingJsonPath("$[0].text.text", equalTo("Incident review 2026-W47"))));
        // The chart, the 8-week trend and the Markdown.
        bot.slack.verify(3, postRequestedFor(urlPathEqualTo("/api/files.completeUploadExternal"))
                .withFormParam("channel_id", equalTo("CREPORT01")));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/files.getUploadURLExternal"))
                .withFormParam("filename", equalTo("incident-review-2026-W47-trend.png")));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/files.getUploadURLExternal"))
                .withFormParam("filename", equalTo("incident-review-2026-W47.md")));
        bot.slack.verify(postRequestedFor(urlPathMatching("/upload/.*"))
                .withRequestBody(containing("Pin sidecar images")));
        // U4 has one overdue item (the other is done); U2's item is not due yet.
        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/conversations.open")));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.open"))
                .withFormParam("users", equalTo("U4")));
        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo("DU4"))
                .withFormParam("blocks", containing("Pin sidecar images"))
                .withFormParam("blocks", containing("\"action_id\":\"action_done\"")));
    }

    @Test
    void scheduleMoments_followTheLocalZone_acrossDaylightSaving() {
        ZoneId ny = ZoneId.of("America/New_York");
        ReportSchedule mon9 = ReportSchedule.parse("MON 09:00");
        // Monday 2026-11-02 09:00 in New York is 14:00 UTC (EST, after the 2026-11-01 change).
        assertThat(ReportScheduler.lastWeekly(mon9, Instant.parse("2026-11-02T14:00:00Z"), ny).toInstant())
                .isEqualTo(Instant.parse("2026-11-02T14:00:00Z"));
        assertThat(ReportScheduler.lastWeekly(mon9, Instant.parse("2026-11-02T13:59:59Z"), ny).toInstant())
                .isEqualTo(Instant.parse("2026-10-26T13:00:00Z"));
        assertThat(ReportScheduler.lastDaily(mon9, Instant.parse("2026-11-02T13:00:00Z"), ny).toLocalDate())
                .isEqualTo(LocalDate.parse("2026-11-01"));
    }

    private static void stubUploads() {
        bot.slack.stubFor(post(urlPathEqualTo("/api/files.getUploadURLExternal")).willReturn(okJson(
                "{\"ok\":true,\"upload_url\":\"" + bot.slack.baseUrl() + "/upload/F1\",\"file_id\":\"F1\"}")));
        bot.slack.stubFor(post(urlPathMatching("/upload/.*")).willReturn(aResponse().withStatus(200).withBody("OK")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/files.completeUploadExternal")).willReturn(okJson(
                "{\"ok\":true,\"files\":[{\"id\":\"F1\",\"name\":\"x\"}]}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.open")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"DU4\"}}")));
    }
}
