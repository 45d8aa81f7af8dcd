package dev.incidenttimeline.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Slack stand-ins and waiting helpers shared by the {@code /incident} bot tests. */
public final class CommandTestSupport {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String ALICE = "U0ALICE";
    public static final String BOB = "U0BOB";
    public static final String NEW_CHANNEL = "CINC0001";

    private CommandTestSupport() {
    }

    /** Every Web API method the commands call, answering ok. */
    public static void stubSlack(BotHarness bot) {
        bot.resetSlack();
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.create")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"" + NEW_CHANNEL + "\",\"name\":\"inc\"}}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.invite")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"" + NEW_CHANNEL + "\"}}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.setTopic")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"" + NEW_CHANNEL + "\"}}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.info")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"CREVIEW\",\"is_member\":true}}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.open")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"DDM1\"}}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/views.open")).willReturn(okJson(
                "{\"ok\":true,\"view\":{\"id\":\"V1\"}}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/views.publish")).willReturn(okJson(
                "{\"ok\":true,\"view\":{\"id\":\"V2\"}}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/files.getUploadURLExternal")).willReturn(okJson(
                "{\"ok\":true,\"upload_url\":\"" + bot.slack.baseUrl() + "/upload/F1\",\"file_id\":\"F1\"}")));
        bot.slack.stubFor(post(urlPathMatching("/upload/.*")).willReturn(aResponse().withStatus(200).withBody("OK")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/files.completeUploadExternal")).willReturn(okJson(
                "{\"ok\":true,\"files\":[{\"id\":\"F1\",\"title\":\"f\"}]}")));
        bot.slack.stubFor(post(urlPathMatching("/response/.*")).willReturn(aResponse().withStatus(200)
                .withBody("ok")));
    }

    /** Waits until {@code condition} holds, running queued work meanwhile; fails after 15 s. */
    public static void await(BotHarness bot, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            bot.drain();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** The recorded calls of a Web API method, oldest first. */
    public static List<LoggedRequest> calls(BotHarness bot, String method) {
        return bot.slack.findAll(postRequestedFor(urlPathEqualTo("/api/" + method)));
    }

    /** The requests the bot sent to a command's response_url. */
    public static List<LoggedRequest> responses(BotHarness bot) {
        return bot.slack.findAll(postRequestedFor(urlPathMatching("/response/.*")));
    }

    public static Map<String, String> form(LoggedRequest r) {
        Map<String, String> m = new HashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    public static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text field of an ephemeral command reply (the ack body). */
    public static String replyText(java.net.http.HttpResponse<String> r) {
        if (r.body() == null || r.body().isEmpty()) {
            return "";
        }
        return json(r.body()).path("text").asText();
    }

    /** The texts of the replies sent through response_url. */
    public static List<String> responseTexts(BotHarness bot) {
        return responses(bot).stream().map(r -> json(r.getBodyAsString()).path("text").asText()).toList();
    }

    public static List<Incident> incidents(BotHarness bot) {
        return bot.jdbi().withHandle(h -> h.createQuery("SELECT * FROM incidents ORDER BY number")
                .map(new IncidentRepository.Mapper()).list());
    }

    public static int count(BotHarness bot, String table) {
        return bot.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Integer.class).one());
    }

    /** An open SEV2 incident declared by Alice with channel {@code channel}, written straight to the store. */
    public static Incident incidentIn(BotHarness bot, String channel, String title) {
        return bot.jdbi().inTransaction(h -> {
            IncidentRepository repo = h.attach(IncidentRepository.class);
            Incident inc = repo.create(new NewIncident(BotHarness.TEAM, title, Severity.SEV2, false, ALICE, ALICE,
                    Instant.parse("2026-11-20T10:00:00Z"), null));
            repo.setChannel(BotHarness.TEAM, inc.number(), channel, "inc-20261120-test");
            h.attach(TimelineRepository.class).append(BotHarness.TEAM, NewEntry.of(inc.number(), EntryKind.DECLARED,
                    EntrySource.COMMAND, inc.declaredAt(), ALICE, "Declared SEV2: " + title));
            return repo.find(BotHarness.TEAM, inc.number()).orElseThrow();
        });
    }
}
