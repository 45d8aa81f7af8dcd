package dev.incidenttimeline.bot.slack;

import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.pin;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.store.InboxRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The front door's one-pass read of a delivery, on the shapes of the SDK's recorded samples
 * (slackapi/java-slack-sdk, json-logs/samples/events: MessagePayload, ReactionAddedPayload,
 * PinRemovedPayload, MemberJoinedChannelPayload, ChannelCreatedPayload, in
 * {@link BotHarness#envelope}), and a PagerDuty alert whose attachments and blocks are full
 * of fields named {@code type} and {@code text}.
 */
class EventEnvelopeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static EventEnvelope read(String eventId, String eventJson) throws IOException {
        return EventEnvelope.read(BotHarness.envelope(eventId, eventJson).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMessage_givesItsEnvelope_channel_andMessageKey() throws Exception {
        EventEnvelope e = read("Ev1", message("C1", "1700000000.000100", "U1", "db is down"));

        assertThat(e.isEventCallback()).isTrue();
        assertThat(e.teamId()).isEqualTo(BotHarness.TEAM);
        assertThat(e.eventId()).isEqualTo("Ev1");
        assertThat(e.eventType()).isEqualTo("message");
        assertThat(e.captureChannel()).isEqualTo("C1");
        assertThat(e.messageKey()).isEqualTo(InboxRepository.messageKey("C1", "1700000000.000100"));
    }

    @Test
    void reactionsAndPins_areCapturedInTheChannelOfTheirItem_andHaveNoMessageKey() throws Exception {
        EventEnvelope reaction = read("Ev2", reactionAdded("U1", "mag", "C2", "1700000000.000100", "1700000001.000100"));
        EventEnvelope unpinned = read("Ev3", pin("pin_removed", "U1", "C3", "1700000000.000100", "U2", "x",
                "1700000002.000100"));

        assertThat(reaction.captureChannel()).isEqualTo("C2");
        assertThat(reaction.messageKey()).isNull();
        assertThat(unpinned.captureChannel()).isEqualTo("C3");
        assertThat(unpinned.messageKey()).isNull();
    }

    @Test
    void otherEvents_haveNoCaptureChannel_evenWhenTheirChannelIsAnObject() throws Exception {
        EventEnvelope joined = read("Ev4", "{\"type\":\"member_joined_channel\",\"user\":\"U1\",\"channel\":\"C4\","
                + "\"channel_type\":\"C\",\"team\":\"T1\",\"inviter\":\"U2\",\"event_ts\":\"1700000000.000100\"}");
        EventEnvelope created = read("Ev5", "{\"type\":\"channel_created\",\"channel\":{\"id\":\"C5\","
                + "\"is_channel\":true,\"name\":\"inc-1\",\"created\":1700000000,\"creator\":\"U1\"},"
                + "\"event_ts\":\"1700000000.000100\"}");
        EventEnvelope fileReaction = read("Ev6",
                "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"mag\",\"item\":{\"type\":\"file\",\"file\":\"F1\"}}");

        assertThat(joined.captureChannel()).isNull();
        assertThat(created.eventType()).isEqualTo("channel_created");
        assertThat(created.captureChannel()).isNull();
        assertThat(created.messageKey()).isNull();
        assertThat(fileReaction.captureChannel()).isNull();
    }

    @Test
    void fieldsNestedInAttachmentsAndBlocks_areNotMistakenForTheEnvelopes() throws Exception {
        ObjectNode alert;
        try (InputStream in = getClass().getResourceAsStream("/slack-samples/pagerduty-alert.json")) {
            alert = (ObjectNode) JSON.readTree(in);
        }
        alert.put("channel", "C7").put("ts", "1700000000.000700");

        EventEnvelope e = read("Ev7", alert.toString());

        assertThat(e.type()).isEqualTo("event_callback");
        assertThat(e.eventType()).isEqualTo("message");
        assertThat(e.captureChannel()).isEqualTo("C7");
        assertThat(e.messageKey()).isEqualTo(InboxRepository.messageKey("C7", "1700000000.000700"));
    }

    @Test
    void otherPayloads_andMissingOrMistypedFields_areReadAsAbsent() throws Exception {
        EventEnvelope challenge = EventEnvelope.read(("{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1a\","
                + "\"type\":\"url_verification\"}").getBytes(StandardCharsets.UTF_8));
        EventEnvelope mistyped = EventEnvelope.read(
                "{\"type\":\"event_callback\",\"team_id\":7,\"event_id\":null,\"event\":[1,2]}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(challenge.isEventCallback()).isFalse();
        assertThat(challenge.eventType()).isNull();
        assertThat(mistyped.isEventCallback()).isTrue();
        assertThat(mistyped.teamId()).isNull();
        assertThat(mistyped.eventId()).isNull();
        assertThat(mistyped.eventType()).isNull();
    }

    @Test
    void aBodyThatIsNotAJsonObject_isRefused() {
        assertThatThrownBy(() -> EventEnvelope.read("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> EventEnvelope.read("{\"type\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> EventEnvelope.read("token=x&team_id=T1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }
}
