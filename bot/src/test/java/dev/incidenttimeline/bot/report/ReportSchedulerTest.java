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

import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.bot.config.ReportSchedule;
import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.bot.schedule.RecurringJobs;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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


    /** The schedulers a test started; closed after it. */
    final List<RecurringJobs> schedulers = new ArrayList<>();
    /** Completed executions by task name, across every scheduler of the test. */
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @BeforeEach
    void clean() {
        testDb.truncateAll();
        bot.resetSlack();
        stubUploads();
    }

    @AfterEach
    void stopSchedulers() {
        schedulers.forEach(RecurringJobs::close);
    }

    /** A replica's scheduler with the report's tasks, on the test database, polling often. */
    private RecurringJobs replica(Clock clock) {
        RecurringJobs jobs = new RecurringJobs(testDb.dataSource(), clock,
                new ReportScheduler(bot.runtime.context()).recurringTasks(), Duration.ofMillis(100),
                new AbstractSchedulerListener() {
                    @Override
                    public void onExecutionComplete(ExecutionComplete done) {
                        runs.computeIfAbsent(done.getExecution().taskInstance.getTaskName(),
                                n -> new AtomicInteger()).incrementAndGet();
                    }
                });
        schedulers.add(jobs);
        jobs.start();
        return jobs;
    }

    private int runsOf(String task) {
        return runs.getOrDefault(task, new AtomicInteger()).get();
    }

    private void awaitRuns(String task, int n) {
        CaptureFixtures.await(n + " run(s) of " + task + " reported", Duration.ofSeconds(20), () -> { },
                () -> runsOf(task) >= n);
    }

    private static Instant nextRun(String task) {
        return testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT execution_time FROM scheduled_tasks WHERE task_name = :task AND NOT picked")
                .bind("task", task).mapTo(Instant.class).findOne().orElse(null));
    }

    private static void awaitScheduled(String what, String task, Instant next) {
        CaptureFixtures.await(what, Duration.ofSeconds(20), () -> { }, () -> next.equals(nextRun(task)));
    }

    @Test
    void twoReplicas_postTheWeeklyReportOnce_andRemindEachOverdueOwnerOnce() {
        seedWeek();
        // Both replicas are up before the moment: the Sunday before, each schedules the jobs (once between them).
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
        RecurringJobs replicaA = replica(clock);
        RecurringJobs replicaB = replica(clock);
        awaitScheduled("the weekly report to be scheduled", ReportScheduler.WEEKLY, Instant.parse("2026-11-23T09:00:00Z"));
        awaitScheduled("the reminders to be scheduled", ReportScheduler.REMINDERS, Instant.parse("2026-11-23T09:00:00Z"));

        clock.set(NOW);
        replicaA.checkNow();
        replicaB.checkNow();
        awaitScheduled("next week's report", ReportScheduler.WEEKLY, Instant.parse("2026-11-30T09:00:00Z"));
        awaitScheduled("tomorrow's reminders", ReportScheduler.REMINDERS, Instant.parse("2026-11-24T09:00:00Z"));
        replicaA.checkNow();
        replicaB.checkNow();
        // A run is counted once its completion has been reported, which follows the reschedule.
        awaitRuns(ReportScheduler.WEEKLY, 1);
        awaitRuns(ReportScheduler.REMINDERS, 1);
        assertThat(runsOf(ReportScheduler.WEEKLY)).as("weekly report runs across both replicas").isEqualTo(1);
        assertThat(runsOf(ReportScheduler.REMINDERS)).as("reminder runs across both replicas").isEqualTo(1);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());

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
    void aRunMissedWhileNoReplicaWasUp_isMadeOnceAtStart_forTheLatestWeek() {
        seedWeek();
        // A replica ran until Sunday 2026-11-08; none was up for the reports of 11-09, 11-16 and 11-23.
        RecurringJobs before = replica(Clock.fixed(Instant.parse("2026-11-08T12:00:00Z"), ZoneOffset.UTC));
        awaitScheduled("the weekly report to be scheduled", ReportScheduler.WEEKLY, Instant.parse("2026-11-09T09:00:00Z"));
        before.close();

        replica(Clock.fixed(NOW, ZoneOffset.UTC));
        awaitScheduled("next week's report", ReportScheduler.WEEKLY, Instant.parse("2026-11-30T09:00:00Z"));
        awaitRuns(ReportScheduler.WEEKLY, 1);
        assertThat(runsOf(ReportScheduler.WEEKLY)).isEqualTo(1);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());

        List<String> reports = bot.slack.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo("CREPORT01"))).stream().map(r -> r.formParameter("text").firstValue())
                .toList();
        assertThat(reports).containsExactly("Incident review 2026-W47: 1 incident(s)");
    }

    /** One resolved SEV1 in 2026-W47, an overdue item of U4, a not-yet-due one of U2, and a done one. */
    private static void seedWeek() {
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

        // The scheduler's next runs: 09:00 EDT (13:00 UTC) before the change, 09:00 EST (14:00 UTC) after.
        assertThat(ReportScheduler.weekly(mon9, ny).getNextExecutionTime(
                ExecutionComplete.simulatedSuccess(Instant.parse("2026-10-19T13:00:05Z"))))
                .isEqualTo(Instant.parse("2026-10-26T13:00:00Z"));
        assertThat(ReportScheduler.weekly(mon9, ny).getNextExecutionTime(
                ExecutionComplete.simulatedSuccess(Instant.parse("2026-10-26T13:00:05Z"))))
                .isEqualTo(Instant.parse("2026-11-02T14:00:00Z"));
        assertThat(ReportScheduler.daily(mon9, ny).getNextExecutionTime(
                ExecutionComplete.simulatedSuccess(Instant.parse("2026-10-31T13:00:05Z"))))
                .isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));
        // And in spring: 2027-03-14 is the change, so Monday 03-15 09:00 EDT is 13:00 UTC.
        assertThat(ReportScheduler.weekly(mon9, ny).getNextExecutionTime(
                ExecutionComplete.simulatedSuccess(Instant.parse("2027-03-08T14:00:05Z"))))
                .isEqualTo(Instant.parse("2027-03-15T13:00:00Z"));
        assertThat(ReportScheduler.weekly(ReportSchedule.parse("FRI 16:30"), ZoneId.of("Europe/Berlin"))
                .getNextExecutionTime(ExecutionComplete.simulatedSuccess(Instant.parse("2026-10-23T14:30:05Z"))))
                .isEqualTo(Instant.parse("2026-10-30T15:30:00Z"));
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
