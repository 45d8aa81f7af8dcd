package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.slack.BotHarness;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubPermalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsAdd;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.RedactionRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A pasted AWS key, Slack token and private key never reach the store, the retro or Slack. */
class RedactionCaptureTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final AtomicReference<CaptureFeature> feature = new AtomicReference<>();
    static BotHarness bot;

    static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SLACK_TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp";
    static final String KEY_BODY = "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn";
    static final String PASTE = "creds from the runbook: " + AWS_KEY + " and " + SLACK_TOKEN
            + "\n-----BEGIN RSA PRIVATE KEY-----\n" + KEY_BODY + "\n-----END RSA PRIVATE KEY-----";

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of("TAG_CONFIRMATION", "thread", "REDACT_PATTERNS", "ACME-[0-9]{8}"), Clock.systemUTC(),
                CaptureFixtures.captureOnly(feature));
        feature.get().startupReconciliation().get();
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @Test
    void pastedSecrets_areStoredRedacted_auditedByKindOnly_andAbsentFromRetroAndSlack() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        stubReactionsAdd(bot.slack);
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        assertThat(bot.event("EvR1", message(CHANNEL, ts, "U1", PASTE)).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(bot.event("EvR2", reactionAdded("U2", "pushpin", CHANNEL, ts, ts(20))).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());

        String cached = testDb.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL, ts).orElseThrow().text();
        assertThat(cached).isEqualTo("creds from the runbook: [redacted: aws-access-key] and [redacted: slack-token]"
                + "\n[redacted: private-key]");
        List<TimelineEntry> entries = testDb.jdbi().onDemand(TimelineRepository.class).listForIncident(TEAM, inc.number());
        assertThat(entries).extracting(TimelineEntry::text).contains(cached);
        assertThat(testDb.jdbi().onDemand(RedactionRepository.class).kinds(TEAM, CHANNEL, ts))
                .containsExactly("private-key", "slack-token", "aws-access-key");

        String retro = new RetroMarkdownRenderer().render(Retros.load(testDb.jdbi(), inc), ZoneOffset.UTC,
                Instant.parse("2026-11-20T00:00:00Z"));
        String everythingStored = testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT coalesce((SELECT string_agg(text, ' ') FROM message_cache), '') || ' '"
                        + " || coalesce((SELECT string_agg(text, ' ') FROM timeline_entries), '') || ' '"
                        + " || coalesce((SELECT string_agg(text, ' ') FROM entry_revisions), '')")
                .mapTo(String.class).one());
        String posted = bot.slack.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                .reduce("", String::concat);
        for (String output : List.of(retro, posted, everythingStored)) {
            assertThat(output).doesNotContain(AWS_KEY, SLACK_TOKEN, KEY_BODY);
        }
    }
    @Test
    void aPinnedMessage_isRedactedWithTheConfiguredPatterns_too() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), "C0INCPIN", false);
        String ts = ts(30);
        // The pin carries the message itself, never seen before: the pin is where it is first stored.
        assertThat(bot.event("EvP1", CaptureFixtures.pin("pin_added", "U2", "C0INCPIN", ts, "U1",
                "vendor ticket ACME-12345678, key " + AWS_KEY, ts(40))).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());

        List<TimelineEntry> entries = testDb.jdbi().onDemand(TimelineRepository.class).listForIncident(TEAM, inc.number());
        assertThat(entries).extracting(TimelineEntry::text)
                .contains("vendor ticket [redacted: custom], key [redacted: aws-access-key]");
        String stored = testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT coalesce((SELECT string_agg(text, ' ') FROM message_cache), '') || ' '"
                        + " || coalesce((SELECT string_agg(text, ' ') FROM timeline_entries), '')")
                .mapTo(String.class).one());
        assertThat(stored).doesNotContain("ACME-12345678", AWS_KEY);
    }
}
