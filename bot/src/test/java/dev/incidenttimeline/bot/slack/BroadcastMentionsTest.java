package dev.incidenttimeline.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BroadcastMentionsTest {
    @Test
    void hereChannelAndEveryone_becomePlainWords() {
        assertThat(BroadcastMentions.defuse("<!here> db down, <!channel|channel> and <!everyone> too"))
                .isEqualTo("@here db down, @channel and @everyone too");
    }

    @Test
    void userGroups_becomeTheirPlainHandle() {
        assertThat(BroadcastMentions.defuse("paging <!subteam^S0614TZR7|@oncall> and <!subteam^S1>"))
                .isEqualTo("paging @oncall and @usergroup");
    }

    @Test
    void singleUserMentions_channelLinksAndDates_stayAsTheyAre() {
        String text = "<@U0BOB> in <#C123|inc> at <!date^1392734382^{date}|Feb 18> &lt;!here&gt;";
        assertThat(BroadcastMentions.defuse(text)).isEqualTo(text);
    }

    @Test
    void insideBlockJson_theMentionIsDefusedToo() {
        assertThat(BroadcastMentions.defuse("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"<!here>\"}}]"))
                .isEqualTo("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"@here\"}}]");
    }
}
