package dev.incidenttimeline.bot.capture.live;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.store.IncidentRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Builders for capture tests: an incident with its channel, Slack event bodies as Slack
 * sends them, Web API stubs, and waiting on a condition.
 */
public final class CaptureFixtures {
    public static final String TEAM = BotHarness.TEAM;
    public static final String CHANNEL = "C0INC1";
    public static final String PRIVATE_CHANNEL = "G0INC2";
    public static final String OTHER_CHANNEL = "C0RANDOM";
    public static final Instant DECLARED = Instant.parse("2026-11-16T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureFixtures() {
    }

    /** An incident whose channel is {@code channelId}, made straight in the store. */
    public static Incident incident(Jdbi jdbi, String channelId, boolean isPrivate) {
        IncidentRepository incidents = jdbi.onDemand(IncidentRepository.class);
        Incident inc = incidents.create(new NewIncident(TEAM, "Checkout errors", Severity.SEV2, isPrivate, "U_IC",
                "U_IC", DECLARED, null));
        incidents.setChannel(TEAM, inc.number(), channelId, "inc-20261116-checkout-" + inc.number());
        return incidents.find(TEAM, inc.number()).orElseThrow();
    }

    /** The bot with only live capture (no other feature's Slack calls), and the feature itself. */
    public static Function<BotContext, List<BotFeature>> captureOnly(AtomicReference<CaptureFeature> feature) {
        return ctx -> {
            CaptureFeature f = new CaptureFeature(ctx);
            feature.set(f);
            return List.of(f);
        };
    }

    /** A Slack ts for {@code second} seconds after the declaration. */
    public static String ts(int second) {
        return (DECLARED.getEpochSecond() + second) + ".000100";
    }

    public static String message(String channel, String ts, String user, String text) {
        return node("message", channel).put("user", user).put("text", text).put("ts", ts).put("event_ts", ts)
                .put("channel_type", "channel").toString();
    }

    public static String threadReply(String channel, String ts, String threadTs, String user, String text) {
        return node("message", channel).put("user", user).put("text", text).put("ts", ts).put("thread_ts", threadTs)
                .put("parent_user_id", "U1").put("event_ts", ts).put("channel_type", "channel").toString();
    }

    public static String fileShare(String channel, String ts, String user, String text, String fileName) {
        ObjectNode n = node("message", channel).put("subtype", "file_share").put("user", user).put("text", text)
                .put("ts", ts).put("event_ts", ts);
        n.putArray("files").addObject().put("id", "F1").put("name", fileName).put("title", "Error graph")
                .put("permalink", "https://t.slack.com/files/" + user + "/F1/" + fileName);
        return n.toString();
    }

    public static String botMessage(String channel, String ts, String botId, String text) {
        return node("message", channel).put("subtype", "bot_message").put("bot_id", botId)
                .put("username", "pagerbot").put("text", text).put("ts", ts).put("event_ts", ts).toString();
    }

    public static String edited(String channel, String ts, String user, String newText, String oldText,
            String editedTs) {
        ObjectNode n = node("message", channel).put("subtype", "message_changed").put("hidden", true)
                .put("ts", editedTs).put("event_ts", editedTs);
        ObjectNode m = n.putObject("message").put("type", "message").put("user", user).put("text", newText)
                .put("ts", ts);
        m.putObject("edited").put("user", user).put("ts", editedTs);
        n.putObject("previous_message").put("type", "message").put("user", user).put("text", oldText).put("ts", ts);
        return n.toString();
    }

    public static String tombstone(String channel, String ts, String eventTs) {
        ObjectNode n = node("message", channel).put("subtype", "message_changed").put("hidden", true)
                .put("ts", eventTs).put("event_ts", eventTs);
        n.putObject("message").put("type", "message").put("subtype", "tombstone")
                .put("text", "This message was deleted.").put("ts", ts).put("thread_ts", ts).put("reply_count", 1);
        return n.toString();
    }

    public static String deleted(String channel, String ts, String eventTs) {
        ObjectNode n = node("message", channel).put("subtype", "message_deleted").put("hidden", true)
                .put("ts", eventTs).put("deleted_ts", ts).put("event_ts", eventTs);
        n.putObject("previous_message").put("type", "message").put("user", "U1").put("text", "gone").put("ts", ts);
        return n.toString();
    }

    public static String reaction(String type, String user, String emoji, String channel, String ts,
            String eventTs) {
        ObjectNode n = JSON.createObjectNode().put("type", type).put("user", user).put("reaction", emoji)
                .put("item_user", "U1").put("event_ts", eventTs);
        n.putObject("item").put("type", "message").put("channel", channel).put("ts", ts);
        return n.toString();
    }

    public static String reactionAdded(String user, String emoji, String channel, String ts, String eventTs) {
        return reaction("reaction_added", user, emoji, channel, ts, eventTs);
    }

    public static String reactionRemoved(String user, String emoji, String channel, String ts, String eventTs) {
        return reaction("reaction_removed", user, emoji, channel, ts, eventTs);
    }

    public static String pin(String type, String user, String channel, String ts, String author, String text,
            String eventTs) {
        ObjectNode n = JSON.createObjectNode().put("type", type).put("user", user).put("channel_id", channel)
                .put("event_ts", eventTs);
        ObjectNode item = n.putObject("item").put("type", "message").put("channel", channel)
                .put("created_by", user).put("created", 1763370000L);
        ObjectNode m = item.putObject("message").put("type", "message").put("user", author).put("text", text)
                .put("ts", ts).put("permalink", permalink(channel, ts));
        m.putArray("pinned_to").add(channel);
        return n.toString();
    }

    public static String memberJoined(String user, String channel, String eventTs) {
        return JSON.createObjectNode().put("type", "member_joined_channel").put("user", user).put("channel", channel)
                .put("channel_type", "C").put("team", TEAM).put("inviter", "U_IC").put("event_ts", eventTs)
                .toString();
    }

    private static ObjectNode node(String type, String channel) {
        return JSON.createObjectNode().put("type", type).put("channel", channel);
    }

    public static String permalink(String channel, String ts) {
        return "https://t.slack.com/archives/" + channel + "/p" + ts.replace(".", "");
    }

    public static String replyPermalink(String channel, String ts, String threadTs) {
        return permalink(channel, ts) + "?thread_ts=" + threadTs + "&cid=" + channel;
    }

    /** {@code chat.getPermalink} for one message. */
    public static void stubPermalink(WireMockServer slack, String channel, String ts) {
        slack.stubFor(post(urlPathEqualTo("/api/chat.getPermalink")).withFormParam("message_ts", equalTo(ts))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"" + channel + "\",\"permalink\":\""
                        + permalink(channel, ts) + "\"}")));
    }

    /** {@code chat.getPermalink} for any message, one fixed answer. */
    public static void stubAnyPermalink(WireMockServer slack, String channel) {
        slack.stubFor(post(urlPathEqualTo("/api/chat.getPermalink")).willReturn(okJson(
                "{\"ok\":true,\"channel\":\"" + channel + "\",\"permalink\":\"https://t.slack.com/archives/"
                        + channel + "/p1\"}")));
    }

    public static void stubReactionsAdd(WireMockServer slack) {
        slack.stubFor(post(urlPathEqualTo("/api/reactions.add")).willReturn(okJson("{\"ok\":true}")));
    }

    /** {@code reactions.get} answering with one message, as Slack shapes it. */
    public static void stubReactionsGet(WireMockServer slack, String channel, String ts, String user, String text,
            String permalink, String emoji, String... reactors) {
        ObjectNode r = JSON.createObjectNode().put("ok", true).put("type", "message").put("channel", channel);
        ObjectNode m = r.putObject("message").put("type", "message").put("user", user).put("text", text)
                .put("ts", ts).put("permalink", permalink);
        ArrayNode users = m.putArray("reactions").addObject().put("name", emoji).put("count", reactors.length)
                .putArray("users");
        for (String u : reactors) {
            users.add(u);
        }
        slack.stubFor(post(urlPathEqualTo("/api/reactions.get")).withFormParam("timestamp", equalTo(ts))
                .willReturn(okJson(r.toString())));
    }

    /** How many times {@code method} was called. */
    public static int calls(WireMockServer slack, String method) {
        return slack.findAll(postRequestedFor(urlPathEqualTo("/api/" + method))).size();
    }

    /** Every Web API method called, except Bolt's own {@code auth.test}. */
    public static List<String> callsBesidesAuth(WireMockServer slack) {
        return slack.getAllServeEvents().stream().map(e -> e.getRequest().getUrl())
                .filter(u -> !u.startsWith("/api/auth.test")).toList();
    }

    /**
     * Drains the bot's queues until no due event or Slack call is left, including ones a
     * background worker was still processing when the drain ended.
     */
    public static void settle(Runnable drain, Jdbi jdbi) {
        await("the inbox and outbox to settle", Duration.ofSeconds(30), drain, () -> jdbi.withHandle(h -> h
                .createQuery("""
                        SELECT (SELECT count(*) FROM slack_events WHERE status = 'pending' AND next_attempt_at <= now())
                             + (SELECT count(*) FROM slack_effects WHERE status = 'pending' AND next_attempt_at <= now())
                        """).mapTo(Long.class).one()) == 0);
    }

    /**
     * Runs {@code step} (draining the bot's queues) until {@code condition} holds, failing
     * after {@code timeout}. Polls; waits only between attempts.
     */
    public static void await(String what, Duration timeout, Runnable step, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            step.run();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
    }
}
