package dev.incidenttimeline.bot.report;

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

/** Files can be shared only where the bot is a member: REPORT_CHANNEL is joined, or start-up says why not. */
class ReportChannelTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    WireMockServer slack;

    @BeforeEach
    void startSlack() {
        slack = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        slack.start();
    }

    @AfterEach
    void stopSlack() {
        slack.stop();
    }

    /** Shape of the SDK's recorded sample api/conversations.info.json, trimmed to what is read. */
    private void channelInfo(String id, boolean isPrivate, boolean isMember) {
        slack.stubFor(post(urlPathEqualTo("/api/conversations.info")).willReturn(okJson("{\"ok\":true,\"channel\":{"
                + "\"id\":\"" + id + "\",\"name\":\"incident-review\",\"is_channel\":" + !isPrivate + ",\"is_group\":"
                + isPrivate + ",\"is_private\":" + isPrivate + ",\"is_member\":" + isMember + "}}")));
        slack.stubFor(post(urlPathEqualTo("/api/conversations.join")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"" + id + "\"}}")));
    }

    @Test
    void aPublicReportChannel_isJoinedAtStart() throws Exception {
        channelInfo("CREPORT01", false, false);
        try (BotHarness bot = new BotHarness(testDb.jdbcUrl(), Map.of("REPORT_CHANNEL", "CREPORT01"),
                Clock.systemUTC(), ctx -> List.of(new ReportScheduler(ctx)), slack)) {
            slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.join"))
                    .withRequestBody(equalTo("channel=CREPORT01")));
        }
    }

    @Test
    void aPrivateReportChannelTheBotIsNotIn_stopsStartUp_withOneLineSayingToInviteIt() {
        channelInfo("GREPORT01", true, false);
        assertThatThrownBy(() -> new BotHarness(testDb.jdbcUrl(), Map.of("REPORT_CHANNEL", "GREPORT01"),
                Clock.systemUTC(), ctx -> List.of(new ReportScheduler(ctx)), slack))
                .isInstanceOf(SettingsException.class)
                .hasMessage("REPORT_CHANNEL GREPORT01 is a private channel the bot is not in; invite it there with"
                        + " /invite @incident-bot, then start again");
        assertThat(slack.findAll(postRequestedFor(urlPathEqualTo("/api/conversations.join")))).isEmpty();
    }
}
