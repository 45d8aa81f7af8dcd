package dev.incidenttimeline.bot.announce;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.domain.SettingsException;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An ANNOUNCE_CHANNEL the bot cannot post to stops start-up with one line; a public one is joined. */
class AnnounceChannelTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    WireMockServer slack;

    @BeforeEach
    void startSlack() {
        slack = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        slack.start();
        slack.stubFor(post(urlPathEqualTo("/api/conversations.join")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"CANNOUNCE1\"}}")));
    }

    @AfterEach
    void stopSlack() {
        slack.stop();
    }

    /** Shape of the SDK's recorded sample api/conversations.info.json, trimmed to what is read. */
    private void channelInfo(String id, boolean isPrivate, boolean isMember, boolean archived) {
        slack.stubFor(post(urlPathEqualTo("/api/conversations.info")).willReturn(okJson("{\"ok\":true,\"channel\":{"
                + "\"id\":\"" + id + "\",\"name\":\"incidents\",\"is_channel\":" + !isPrivate + ",\"is_group\":"
                + isPrivate + ",\"is_private\":" + isPrivate + ",\"is_archived\":" + archived + ",\"is_member\":"
                + isMember + "}}")));
    }

    private BotHarness start(String channel) throws Exception {
        return new BotHarness(testDb.jdbcUrl(), Map.of("ANNOUNCE_CHANNEL", channel), Clock.systemUTC(),
                ctx -> List.of(new AnnounceFeature(ctx)), slack);
    }

    @Test
    void aPrivateChannelTheBotIsNotIn_stopsStartUp_withOneLineSayingToInviteIt() {
        channelInfo("GANNOUNCE1", true, false, false);
        assertThatThrownBy(() -> start("GANNOUNCE1"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("ANNOUNCE_CHANNEL GANNOUNCE1 is a private channel the bot is not in; invite it there"
                        + " with /invite @incident-bot, then start again");
        assertThat(slack.findAll(postRequestedFor(urlPathEqualTo("/api/conversations.join")))).isEmpty();
    }

    @Test
    void anArchivedChannel_stopsStartUp() {
        channelInfo("CANNOUNCE1", false, true, true);
        assertThatThrownBy(() -> start("CANNOUNCE1"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("ANNOUNCE_CHANNEL CANNOUNCE1 is archived; unarchive it or name another channel, then"
                        + " start again");
    }

    @Test
    void aChannelSlackDoesNotKnow_stopsStartUp() {
        // Slack's answer for an id the bot cannot see (conversations.info reference: errors).
        slack.stubFor(post(urlPathEqualTo("/api/conversations.info")).willReturn(okJson(
                "{\"ok\":false,\"error\":\"channel_not_found\"}")));
        assertThatThrownBy(() -> start("CNOSUCH01"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("ANNOUNCE_CHANNEL CNOSUCH01 cannot be used (channel_not_found): give the id of a channel"
                        + " the bot can see, or invite it there with /invite @incident-bot");
    }

    @Test
    void aPublicChannel_isJoinedAtStart() throws Exception {
        channelInfo("CANNOUNCE1", false, false, false);
        try (BotHarness bot = start("CANNOUNCE1")) {
            slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.join"))
                    .withRequestBody(equalTo("channel=CANNOUNCE1")));
        }
    }

    @Test
    void aMalformedId_isRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> start("#incidents"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("ANNOUNCE_CHANNEL must be a channel id such as C0123ABCD");
    }
}
