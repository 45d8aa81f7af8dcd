package dev.incidenttimeline.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventDispatcherTest {
    @Test
    void parse_removesNulCharactersFromEveryStringOfTheEvent() throws Exception {
        String body = BotHarness.envelope("Ev1", "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\","
                + "\"text\":\"db\\u0000 down\",\"ts\":\"1700000000.000100\","
                + "\"files\":[{\"name\":\"graph\\u0000.png\"}]}");

        InboxEvent e = EventDispatcher.parse(BotHarness.TEAM, "Ev1", body);

        assertThat(e.text("text")).isEqualTo("db down");
        assertThat(e.event().path("files").get(0).path("name").asText()).isEqualTo("graph.png");
    }

    @Test
    void eventsByTheBotUserOfTheEnvelope_areSelfEvents_butItsJoinsAreNot() throws Exception {
        InboxEvent own = EventDispatcher.parse(BotHarness.TEAM, "Ev1", BotHarness.envelope("Ev1",
                "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"" + BotHarness.BOT_USER + "\",\"text\":\"hi\"}"));
        InboxEvent someone = EventDispatcher.parse(BotHarness.TEAM, "Ev2", BotHarness.envelope("Ev2",
                "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"hi\"}"));
        InboxEvent join = EventDispatcher.parse(BotHarness.TEAM, "Ev3", BotHarness.envelope("Ev3",
                "{\"type\":\"member_joined_channel\",\"channel\":\"C1\",\"user\":\"" + BotHarness.BOT_USER + "\"}"));

        assertThat(EventDispatcher.isSelfEvent(own)).isTrue();
        assertThat(EventDispatcher.isSelfEvent(someone)).isFalse();
        assertThat(EventDispatcher.isSelfEvent(join)).isFalse();
    }

    @Test
    void captureChannel_ofMessagesReactionsAndPins_andNoneForOtherEvents() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(EventInboxMiddleware.captureChannel(json.readTree("{\"type\":\"message\",\"channel\":\"C1\"}")))
                .isEqualTo("C1");
        assertThat(EventInboxMiddleware.captureChannel(json.readTree(
                "{\"type\":\"reaction_added\",\"item\":{\"type\":\"message\",\"channel\":\"C2\"}}"))).isEqualTo("C2");
        assertThat(EventInboxMiddleware.captureChannel(json.readTree(
                "{\"type\":\"pin_removed\",\"channel_id\":\"C3\",\"item\":{\"channel\":\"C3\"}}"))).isEqualTo("C3");
        assertThat(EventInboxMiddleware.captureChannel(json.readTree(
                "{\"type\":\"member_joined_channel\",\"channel\":\"C4\"}"))).isNull();
        assertThat(EventInboxMiddleware.captureChannel(json.readTree(
                "{\"type\":\"reaction_added\",\"item\":{\"type\":\"file\",\"file\":\"F1\"}}"))).isNull();
    }
}
