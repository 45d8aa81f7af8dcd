package dev.incidenttimeline.bot.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.methods.response.reactions.ReactionsGetResponse;
import com.slack.api.model.File;
import com.slack.api.model.Message;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.TaggingReactions;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackMessagesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void messageEvent_becomesACachedMessage_withFilesAndEdit() throws Exception {
        String event = """
                {"type":"message","subtype":"file_share","channel":"C1","user":"U1","text":"see graph",
                 "ts":"1763370000.000100","thread_ts":"1763369000.000200",
                 "edited":{"user":"U1","ts":"1763370100.000000"},
                 "files":[{"id":"F1","name":"errors.png","title":"Errors","permalink":"https://t.slack.com/files/F1"}]}
                """;
        CachedMessage m = SlackMessages.fromEvent("T1", null, JSON.readTree(event)).orElseThrow();
        assertThat(m.teamId()).isEqualTo("T1");
        assertThat(m.channelId()).isEqualTo("C1");
        assertThat(m.threadTs()).isEqualTo("1763369000.000200");
        assertThat(m.subtype()).isEqualTo("file_share");
        assertThat(m.editedTs()).isEqualTo("1763370100.000000");
        assertThat(m.postedAt()).isEqualTo(SlackTs.toInstant("1763370000.000100"));
        assertThat(m.files()).containsExactly(
                new CachedMessage.SharedFile("F1", "errors.png", "Errors", "https://t.slack.com/files/F1"));
        assertThat(m.deleted()).isFalse();
    }

    @Test
    void botMessage_keepsItsBotId_andTheEventsChannelIsUsedWhenTheMessageHasNone() throws Exception {
        String inner = """
                {"type":"message","subtype":"bot_message","bot_id":"B1","username":"pager","text":"FIRING",
                 "ts":"1763370000.000100"}
                """;
        CachedMessage m = SlackMessages.fromEvent("T1", "C9", JSON.readTree(inner)).orElseThrow();
        assertThat(m.channelId()).isEqualTo("C9");
        assertThat(m.botId()).isEqualTo("B1");
        assertThat(m.userId()).isNull();
    }

    @Test
    void messageWithoutTimestamp_isNotAMessage() throws Exception {
        assertThat(SlackMessages.fromEvent("T1", "C1", JSON.readTree("{\"type\":\"message\",\"text\":\"x\"}")))
                .isEmpty();
        assertThat(SlackMessages.fromEvent("T1", "C1", JSON.readTree("{\"ts\":\"yesterday\"}"))).isEmpty();
    }

    @Test
    void historyMessage_becomesACachedMessage() {
        Message m = new Message();
        m.setTs("1763370000.000100");
        m.setThreadTs("1763369000.000200");
        m.setUser("U1");
        m.setText("pool exhausted");
        Message.Edited edited = new Message.Edited();
        edited.setTs("1763370100.000000");
        m.setEdited(edited);
        File f = new File();
        f.setId("F1");
        f.setName("dump.txt");
        m.setFiles(List.of(f));
        CachedMessage c = SlackMessages.fromHistory("T1", "C1", m);
        assertThat(c.threadTs()).isEqualTo("1763369000.000200");
        assertThat(c.editedTs()).isEqualTo("1763370100.000000");
        assertThat(c.files()).extracting(CachedMessage.SharedFile::name).containsExactly("dump.txt");
    }

    @Test
    void reactionsGetMessage_takesItsThreadFromThePermalink() {
        ReactionsGetResponse.Message m = new ReactionsGetResponse.Message();
        m.setTs("1763370000.000100");
        m.setUser("U1");
        m.setText("lag 40 s");
        m.setPermalink("https://t.slack.com/archives/C1/p1763370000000100?thread_ts=1763369000.000200&cid=C1");
        CachedMessage c = SlackMessages.fromReactionsGet("T1", "C1", m);
        assertThat(c.threadTs()).isEqualTo("1763369000.000200");
        assertThat(c.permalink()).isEqualTo(m.getPermalink());

        m.setPermalink("https://t.slack.com/archives/C1/p1763370000000100");
        assertThat(SlackMessages.fromReactionsGet("T1", "C1", m).threadTs()).isNull();
    }

    @Test
    void confirmationEmoji_isNeverATaggingEmoji() {
        assertThat(TagRecorder.confirmationEmoji(TaggingReactions.defaults())).isEqualTo("white_check_mark");
        assertThat(TagRecorder.confirmationEmoji(TaggingReactions.parse("white_check_mark=mitigation")))
                .isEqualTo("heavy_check_mark");
    }

    @Test
    void reconciliationStartsTheLookBackBeforeTheWatermark_orReadsEverythingWithoutOne() {
        Reconciler r = new Reconciler(null, null, null, null, java.time.Duration.ofHours(1));
        assertThat(r.oldest(null)).isNull();
        assertThat(r.oldest("1763370000.000100")).isEqualTo("1763366400.000100");
    }
}
