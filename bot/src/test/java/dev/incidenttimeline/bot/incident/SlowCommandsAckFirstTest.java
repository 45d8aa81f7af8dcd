package dev.incidenttimeline.bot.incident;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.BOB;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.form;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidentIn;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.replyText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.report.WeeklyReports;
import dev.incidenttimeline.bot.retro.RetroUpload;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.export.report.WeeklyReportInput;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.store.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /incident export} and {@code /incident report} acknowledge at once, through signed
 * requests to the running app: the rendering happens afterwards on the effect worker, with no
 * transaction open and no row locked, so a renderer that blocks or fails never touches the ack.
 */
class SlowCommandsAckFirstTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final MutableClock clock = new MutableClock(Instant.parse("2030-11-22T09:30:00Z"));
    static final String CHANNEL = "CINC";
    /** What the retro renderer does in this test; the real renderer by default. */
    static final AtomicReference<RetroUpload.Renderer> retro = new AtomicReference<>();
    static final AtomicReference<Function<WeeklyReportInput, WeeklyReports.Rendered>> report =
            new AtomicReference<>();
    static final RetroUpload.Renderer REAL_RETRO = (in, at) -> new RetroMarkdownRenderer().render(in, ZoneOffset.UTC,
            at);
    static BotHarness bot;
    Incident inc;

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of(), clock, ctx -> List.of(new IncidentCommandFeature(ctx,
                (in, at) -> retro.get().render(in, at), in -> report.get().apply(in))));
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @BeforeEach
    void setUp() {
        testDb.truncateAll();
        clock.set(Instant.parse("2030-11-22T09:30:00Z"));
        retro.set(REAL_RETRO);
        report.set(WeeklyReports::render);
        CommandTestSupport.stubSlack(bot);
        inc = incidentIn(bot, CHANNEL, "DB failover");
    }

    @AfterEach
    void settle() {
        retro.set(REAL_RETRO);
        report.set(WeeklyReports::render);
    }

    /** Connections of this test's database that sit inside an open transaction. */
    /**
     * Transactions opened before {@code since} (when the renderer was entered) and still open:
     * ones held across the rendering. Other workers' short transactions (a claim finding
     * nothing) may be caught between two statements, so it waits up to 2 s for those to end;
     * one held by the blocked renderer's worker stays.
     */
    private static int transactionsHeldSince(Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            int held = bot.jdbi().withHandle(h -> h.createQuery("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND state LIKE 'idle in transaction%'
                      AND xact_start <= :since
                    """).bind("since", since).mapTo(Integer.class).one());
            if (held == 0 || System.nanoTime() > deadline) {
                return held;
            }
            Thread.sleep(10);
        }
    }

    @Test
    void export_acksWhileTheRendererIsBlocked_withNoTransactionOrRowLockHeld_andTheFileFollows() throws Exception {
        bot.command("rootcause Replica lag after failover", CHANNEL, BOB);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicReference<Instant> enteredAt = new AtomicReference<>();
        retro.set((in, at) -> {
            thread.set(Thread.currentThread().getName());
            enteredAt.set(Instant.now());
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return REAL_RETRO.render(in, at);
        });

        // If the command rendered before its ack, this request would hang on the latch.
        HttpResponse<String> r = bot.command("export", CHANNEL, BOB);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(replyText(r)).isEqualTo("Writing the retro… The retro of " + inc.key() + " (`retro-" + inc.key()
                + ".md`) will be uploaded to this channel in a moment.");
        assertThat(entered.await(15, TimeUnit.SECONDS)).as("the worker starts rendering").isTrue();
        try {
            assertThat(thread.get()).startsWith("slack-call-worker");
            assertThat(calls(bot, "files.getUploadURLExternal")).isEmpty();
            assertThat(transactionsHeldSince(enteredAt.get())).as("transactions open while the retro renders")
                    .isZero();
            // The incident's row is free: a command that locks it goes through meanwhile.
            assertThat(replyText(bot.command("note still failing over", CHANNEL, BOB)))
                    .contains("Noted");
        } finally {
            release.countDown();
        }

        await(bot, "the retro upload", () -> calls(bot, "files.completeUploadExternal").size() >= 1);
        assertThat(calls(bot, "files.getUploadURLExternal")).singleElement()
                .satisfies(c -> assertThat(form(c).get("filename")).isEqualTo("retro-" + inc.key() + ".md"));
        bot.slack.verify(postRequestedFor(urlPathMatching("/upload/.*"))
                .withRequestBody(containing("DB failover")).withRequestBody(containing("Replica lag after failover")));
    }

    @Test
    void export_whoseRendererKeepsFailing_isParked_andWhoAskedIsToldByDm() throws Exception {
        retro.set((in, at) -> {
            throw new IllegalStateException("renderer broke <again>");
        });

        HttpResponse<String> r = bot.command("export", CHANNEL, BOB);
        assertThat(replyText(r)).startsWith("Writing the retro…");
        for (int attempt = 0; attempt < 12; attempt++) {
            clock.set(clock.instant().plus(Duration.ofDays(1))); // past any backoff
            bot.drain();
        }
        String status = bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT status FROM slack_effects WHERE kind = 'render_retro'").mapTo(String.class).one());
        assertThat(status).isEqualTo("parked");

        await(bot, "the DM", () -> calls(bot, "chat.postMessage").stream()
                .anyMatch(c -> form(c).get("text").startsWith("I couldn't write the retro")));
        List<String> dms = calls(bot, "chat.postMessage").stream().map(c -> form(c).get("text"))
                .filter(t -> t.startsWith("I couldn't write")).toList();
        assertThat(dms).containsExactly("I couldn't write the retro of " + inc.key() + ": it failed 10 times"
                + " (last: IllegalStateException: renderer broke &lt;again&gt;). Run `/incident export` to try again;"
                + " if it fails again, the bot's `status` shows what is parked.");
        assertThat(calls(bot, "files.getUploadURLExternal")).isEmpty();
    }

    @Test
    void export_whoseUploadSlackRefuses_isParked_andWhoAskedIsToldByDm() throws Exception {
        // Slack refuses to share the file in the channel, with the error its Web API gives a bot
        // that is not in a channel (`not_in_channel`, as chat.postMessage documents it): an
        // ok:false answer, so asking again cannot help.
        bot.slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/files.completeUploadExternal"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"ok\":false,\"error\":\"not_in_channel\"}")));

        HttpResponse<String> r = bot.command("export", CHANNEL, BOB);
        assertThat(replyText(r)).startsWith("Writing the retro…");
        await(bot, "the DM", () -> calls(bot, "chat.postMessage").stream()
                .anyMatch(c -> form(c).get("text").startsWith("I couldn't upload")));

        String status = bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT status FROM slack_effects WHERE kind = 'upload_retro'").mapTo(String.class).one());
        assertThat(status).isEqualTo("parked");
        List<Map<String, String>> dms = calls(bot, "chat.postMessage").stream().map(c -> form(c))
                .filter(f -> f.get("text").startsWith("I couldn't")).toList();
        // Posted to the DM Slack opened with the person who exported it.
        assertThat(calls(bot, "conversations.open")).extracting(c -> form(c).get("users")).contains(BOB);
        assertThat(dms).extracting(f -> f.get("channel")).containsExactly("DDM1");
        assertThat(dms).extracting(f -> f.get("text")).containsExactly("I couldn't upload the retro of "
                + inc.key() + " to <#" + CHANNEL + ">: it failed 1 time (last: SlackCallException:"
                + " files.uploadV2 failed: not_in_channel). Run `/incident export` to try again; if it fails"
                + " again, the bot's `status` shows what is parked.");
        assertThat(calls(bot, "files.completeUploadExternal")).as("asked once, not again").hasSize(1);
    }

    @Test
    void export_whoseRendererFails_isStillAcked_andUploadedOnceTheRetryRenders() throws Exception {
        retro.set((in, at) -> {
            throw new IllegalStateException("renderer broke");
        });

        HttpResponse<String> r = bot.command("export", CHANNEL, BOB);
        assertThat(replyText(r)).startsWith("Writing the retro…");
        await(bot, "the failed attempt", () -> bot.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM slack_effects
                WHERE kind = 'render_retro' AND attempts >= 1 AND last_error LIKE '%renderer broke%'
                """).mapTo(Integer.class).one()) == 1);
        assertThat(calls(bot, "files.getUploadURLExternal")).isEmpty();

        retro.set(REAL_RETRO);
        clock.set(clock.instant().plusSeconds(600)); // past the backoff
        await(bot, "the retro upload after the retry", () -> calls(bot, "files.completeUploadExternal").size() >= 1);
        assertThat(calls(bot, "files.getUploadURLExternal")).hasSize(1);
    }

    @Test
    void report_acksWithoutAskingSlack_whileTheRendererIsBlocked_andTheFilesFollow() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Instant> enteredAt = new AtomicReference<>();
        report.set(in -> {
            enteredAt.set(Instant.now());
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return WeeklyReports.render(in);
        });

        HttpResponse<String> r = bot.command("report 2030-W47", "CREVIEW", BOB);
        assertThat(replyText(r)).isEqualTo("Writing the report… The incident review of 2030-W47 will be uploaded"
                + " to this channel in a moment; private incidents appear only as counts.");
        assertThat(entered.await(15, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(calls(bot, "files.getUploadURLExternal")).isEmpty();
            assertThat(transactionsHeldSince(enteredAt.get())).as("transactions open while the report renders")
                    .isZero();
        } finally {
            release.countDown();
        }

        await(bot, "the three uploads", () -> calls(bot, "files.completeUploadExternal").size() >= 3);
        assertThat(calls(bot, "files.getUploadURLExternal")).extracting(c -> form(c).get("filename"))
                .containsExactly("incident-review-2030-W47.png", "incident-review-2030-W47-trend.png",
                        "incident-review-2030-W47.md");
        // The membership check ran on the worker, after the ack.
        assertThat(calls(bot, "conversations.info")).hasSize(1);
        bot.drain();
        assertThat(calls(bot, "files.completeUploadExternal")).hasSize(3);
    }

    @Test
    void export_outsideAnIncidentChannel_isRefusedInTheAck_andNothingIsQueued() throws Exception {
        assertThat(replyText(bot.command("export", "CGENERAL", BOB))).contains("This is not an incident channel");
        assertThat(CommandTestSupport.count(bot, "slack_effects")).isZero();
    }
}
