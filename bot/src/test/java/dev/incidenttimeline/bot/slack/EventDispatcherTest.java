package dev.incidenttimeline.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import dev.incidenttimeline.store.QueuedWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {
    /** What each handler of the dispatcher under test was given, in order. */
    final List<InboxEvent<?>> seen = new ArrayList<>();
    final List<String> by = new ArrayList<>();
    final EventDispatcher dispatcher = new EventDispatcher()
            .on(MessageEvent.class, (h, e) -> record("message", e))
            .on(MessageChangedEvent.class, (h, e) -> record("changed", e))
            .on(ReactionAddedEvent.class, (h, e) -> record("reaction", e));

    private void record(String handler, InboxEvent<?> e) {
        by.add(handler);
        seen.add(e);
    }

    private void deliver(String eventId, String eventJson) throws Exception {
        dispatcher.process(null, new QueuedWork(BotHarness.TEAM, eventId, "event",
                BotHarness.envelope(eventId, eventJson), 0, Instant.EPOCH, 0));
    }

    /** The SDK's recorded sample json-logs/samples/events/ReactionAddedPayload.json, with values filled in. */
    @Test
    void aReaction_reachesItsHandler_asTheSdksReactionAddedEvent() throws Exception {
        deliver("Ev1", "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"rotating_light\","
                + "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1700000000.000100\"},"
                + "\"item_user\":\"U2\",\"event_ts\":\"1700000001.000200\"}");

        assertThat(by).containsExactly("reaction");
        InboxEvent<?> e = seen.get(0);
        assertThat(e.teamId()).isEqualTo(BotHarness.TEAM);
        assertThat(e.eventId()).isEqualTo("Ev1");
        assertThat(e.event()).isInstanceOfSatisfying(ReactionAddedEvent.class, r -> {
            assertThat(r.getUser()).isEqualTo("U1");
            assertThat(r.getReaction()).isEqualTo("rotating_light");
            assertThat(r.getItem().getChannel()).isEqualTo("C1");
            assertThat(r.getItem().getTs()).isEqualTo("1700000000.000100");
            assertThat(r.getEventTs()).isEqualTo("1700000001.000200");
        });
        assertThat(e.envelope().path("event_time").asLong()).isEqualTo(1700000000L);
    }

    /** Shapes of the SDK's samples MessageChangedPayload.json and MessageBotPayload.json. */
    @Test
    void aMessageSubtype_goesToItsOwnClass_elseToTheMessageEventHandler() throws Exception {
        deliver("Ev1", "{\"type\":\"message\",\"subtype\":\"message_changed\",\"channel\":\"C1\","
                + "\"hidden\":true,\"message\":{\"type\":\"message\",\"user\":\"U1\",\"text\":\"db down (edited)\","
                + "\"ts\":\"1700000000.000100\",\"edited\":{\"user\":\"U1\",\"ts\":\"1700000050.000000\"}},"
                + "\"ts\":\"1700000050.000200\",\"event_ts\":\"1700000050.000200\"}");
        deliver("Ev2", "{\"type\":\"message\",\"subtype\":\"bot_message\",\"bot_id\":\"B1\",\"username\":\"PagerDuty\","
                + "\"icons\":{\"image_48\":\"https://example.com/pd.png\"},\"channel\":\"C1\",\"text\":\"\","
                + "\"attachments\":[{\"fallback\":\"Triggered #42\",\"title\":\"Triggered #42\"}],"
                + "\"ts\":\"1700000060.000100\",\"event_ts\":\"1700000060.000100\"}");
        deliver("Ev3", "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"hi\","
                + "\"ts\":\"1700000070.000100\"}");

        assertThat(by).containsExactly("changed", "message", "message");
        assertThat(seen.get(0).event()).isInstanceOfSatisfying(MessageChangedEvent.class,
                m -> assertThat(m.getMessage().getText()).isEqualTo("db down (edited)"));
        assertThat(seen.get(1).event()).isInstanceOfSatisfying(MessageEvent.class,
                m -> assertThat(m.getChannel()).isEqualTo("C1"));
        // The SDK's MessageEvent has no subtype of its own; the delivery's is kept.
        assertThat(seen.get(1).subtype()).isEqualTo("bot_message");
        assertThat(seen.get(1).json().path("attachments").get(0).path("title").asText()).isEqualTo("Triggered #42");
        assertThat(seen.get(2).subtype()).isNull();
    }

    @Test
    void theBotsOwnEvents_eventsNobodyHandles_andUnreadableShapes_reachNoHandler_andFailNothing() throws Exception {
        deliver("Ev1", "{\"type\":\"reaction_added\",\"user\":\"" + BotHarness.BOT_USER + "\","
                + "\"reaction\":\"white_check_mark\",\"item\":{\"type\":\"message\",\"channel\":\"C1\","
                + "\"ts\":\"1700000000.000100\"},\"event_ts\":\"1700000001.000200\"}");
        deliver("Ev2", "{\"type\":\"star_added\",\"user\":\"U1\",\"item\":{\"type\":\"message\"},"
                + "\"event_ts\":\"1700000001.000200\"}");
        deliver("Ev3", "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"fire\",\"item\":\"C1\"}");

        assertThat(by).isEmpty();
    }

    @Test
    void twoHandlersOfOneClass_areRefused() {
        assertThatThrownBy(() -> dispatcher.on(ReactionAddedEvent.class, (h, e) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessage("two handlers for reaction_added");
    }
    @Test
    void parse_removesNulCharactersFromEveryStringOfTheEvent() throws Exception {
        String body = BotHarness.envelope("Ev1", "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\","
                + "\"text\":\"db\\u0000 down\",\"ts\":\"1700000000.000100\","
                + "\"files\":[{\"name\":\"graph\\u0000.png\"}]}");

        EventDispatcher.StoredEvent e = EventDispatcher.parse(BotHarness.TEAM, "Ev1", body);

        assertThat(e.text("text")).isEqualTo("db down");
        assertThat(e.json().path("files").get(0).path("name").asText()).isEqualTo("graph.png");
    }

    @Test
    void eventsByTheBotUserOfTheEnvelope_areSelfEvents_butItsJoinsAreNot() throws Exception {
        EventDispatcher.StoredEvent own = EventDispatcher.parse(BotHarness.TEAM, "Ev1", BotHarness.envelope("Ev1",
                "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"" + BotHarness.BOT_USER + "\",\"text\":\"hi\"}"));
        EventDispatcher.StoredEvent someone = EventDispatcher.parse(BotHarness.TEAM, "Ev2", BotHarness.envelope("Ev2",
                "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"hi\"}"));
        EventDispatcher.StoredEvent join = EventDispatcher.parse(BotHarness.TEAM, "Ev3", BotHarness.envelope("Ev3",
                "{\"type\":\"member_joined_channel\",\"channel\":\"C1\",\"user\":\"" + BotHarness.BOT_USER + "\"}"));

        assertThat(EventDispatcher.isSelfEvent(own)).isTrue();
        assertThat(EventDispatcher.isSelfEvent(someone)).isFalse();
        assertThat(EventDispatcher.isSelfEvent(join)).isFalse();
    }
}
