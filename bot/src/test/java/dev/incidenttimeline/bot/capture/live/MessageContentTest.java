package dev.incidenttimeline.bot.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Each content shape a message can carry, from real payloads: the export of
 * hfaran/slack-export-viewer (tests/testarchive.zip), and the alert in
 * slack-samples/pagerduty-alert.json (see its README).
 */
class MessageContentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void githubBotMessage_fromTheRealExport_readsItsAttachment() throws Exception {
        // enrique/2016-02-07.json of the real export: empty text, everything in the attachment.
        JsonNode m = json("""
                {"text": "", "bot_id": "B0JL6RASU", "attachments": [{"fallback": "[enrique:master] <https://github.com/mesos-magellan/enrique/commit/ed1acbe9837b5ddf91e93606b604df3c2b4e128f|1 new commit> by Anthony Bilinski", "text": "<https://github.com/mesos-magellan/enrique/commit/ed1acbe9837b5ddf91e93606b604df3c2b4e128f|ed1acbe>: executor with simulated annealing rough draft - Anthony Bilinski", "pretext": "[enrique:master] 1 new commit by Anthony Bilinski:", "id": 1, "color": "4183C4", "mrkdwn_in": ["text", "pretext"]}], "type": "message", "subtype": "bot_message", "ts": "1454892394.000004"}
                """);
        assertThat(MessageContent.of(m)).isEqualTo("[enrique:master] 1 new commit by Anthony Bilinski:\n"
                + "<https://github.com/mesos-magellan/enrique/commit/ed1acbe9837b5ddf91e93606b604df3c2b4e128f|ed1acbe>:"
                + " executor with simulated annealing rough draft - Anthony Bilinski");
    }

    @Test
    void linkUnfurl_addsTheTitleWithItsLink() throws Exception {
        // enrique/2016-01-15.json of the real export.
        JsonNode m = json("""
                {"type": "message", "user": "U0BMQB6JE", "text": "Here's an example: <https://github.com/hfaran/progressive/blob/master/setup.py>", "attachments": [{"service_name": "GitHub", "title": "hfaran/progressive", "title_link": "https://github.com/hfaran/progressive/blob/master/setup.py", "text": "progressive - Colorful progress bars and trees for your terminal", "fallback": "GitHub: hfaran/progressive", "id": 1}], "ts": "1452846025.000011"}
                """);
        assertThat(MessageContent.of(m)).isEqualTo("Here's an example: <https://github.com/hfaran/progressive/blob/master/setup.py>\n"
                + "*<https://github.com/hfaran/progressive/blob/master/setup.py|hfaran/progressive>*\n"
                + "progressive - Colorful progress bars and trees for your terminal");
    }

    @Test
    void pagerDutyAlert_readsAttachmentFieldsFooterAndBlocks() throws Exception {
        JsonNode m;
        try (InputStream in = getClass().getResourceAsStream("/slack-samples/pagerduty-alert.json")) {
            m = JSON.readTree(in);
        }
        assertThat(MessageContent.of(m)).isEqualTo("""
                Incident triggered
                *<https://acme.pagerduty.com/incidents/Q1ABC|#4711 checkout-api 5xx rate above 5%>*
                Error rate is *12.4%* &gt; threshold 5%
                Service: checkout-api
                Urgency: high
                PagerDuty
                *Checkout &lt;errors&gt;*
                Assigned to <@U0BOB00002>
                Escalation policy: *Checkout*""");
        assertThat(MessageContent.botName(m)).contains("PagerDuty");
    }

    @Test
    void fileShare_inTheOldExportShape_isNotRepeatedWhenTheTextLinksIt() throws Exception {
        // traveling-sailor/2016-03-26.json of the real export: "file", singular.
        JsonNode m = json("""
                {"type": "message", "subtype": "file_share", "text": "<@U0BMS113R> uploaded a file: <https://mesos-magellan.slack.com/files/U0BMS113R/F0VNAKDE2/100_cities.js|100 cities>", "file": {"id": "F0VNAKDE2", "name": "100_cities.js", "title": "100 cities", "permalink": "https://mesos-magellan.slack.com/files/U0BMS113R/F0VNAKDE2/100_cities.js"}, "ts": "1459052866.000002"}
                """);
        assertThat(MessageContent.of(m)).isEqualTo("<@U0BMS113R> uploaded a file: "
                + "<https://mesos-magellan.slack.com/files/U0BMS113R/F0VNAKDE2/100_cities.js|100 cities>");
    }

    @Test
    void fileShare_withoutText_namesTheFileWithItsLink() throws Exception {
        JsonNode m = json("""
                {"type": "message", "subtype": "file_share", "user": "U1", "text": "", "files": [{"id": "F1", "name": "errors.png", "title": "Error graph", "permalink": "https://t.slack.com/files/U1/F1/errors.png"}], "ts": "1700000000.000100"}
                """);
        assertThat(MessageContent.of(m)).isEqualTo("File: <https://t.slack.com/files/U1/F1/errors.png|Error graph (errors.png)>");
    }

    @Test
    void richTextBlock_thatRepeatsTheText_appearsOnce() throws Exception {
        JsonNode m = json("""
                {"type": "message", "user": "U1", "text": "rolling back *now*", "blocks": [{"type": "rich_text", "block_id": "x", "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": "rolling back "}, {"type": "text", "text": "now", "style": {"bold": true}}]}]}], "ts": "1700000000.000100"}
                """);
        assertThat(MessageContent.of(m)).isEqualTo("rolling back *now*");
    }

    @Test
    void richTextBlock_withoutText_keepsStylesMentionsLinksAndCode() throws Exception {
        JsonNode m = json("""
                {"type": "message", "user": "U1", "text": "", "blocks": [{"type": "rich_text", "elements": [
                  {"type": "rich_text_section", "elements": [{"type": "user", "user_id": "U2"}, {"type": "text", "text": " see "}, {"type": "link", "url": "https://x.example", "text": "graph"}, {"type": "text", "text": " a<b", "style": {"code": true}}]},
                  {"type": "rich_text_list", "style": "bullet", "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]}]},
                  {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]}]}], "ts": "1700000000.000100"}
                """);
        assertThat(MessageContent.of(m)).isEqualTo("<@U2> see <https://x.example|graph>` a&lt;b`\n• one\n&gt; quoted");
    }

    @Test
    void botAddMessage_namesTheIntegration() {
        // enrique/2016-01-16.json of the real export.
        assertThat(MessageContent.botAdded(
                "added an integration to this channel: <https://mesos-magellan.slack.com/services/B0JL6RASU|github>"))
                .hasValueSatisfying(b -> assertThat(b).containsExactly("B0JL6RASU", "github"));
        assertThat(MessageContent.botAdded("just text")).isEmpty();
    }

    @Test
    void botName_comesFromUsernameThenBotProfile() throws Exception {
        assertThat(MessageContent.botName(json("{\"username\":\"Grafana\",\"bot_profile\":{\"name\":\"x\"}}")))
                .contains("Grafana");
        assertThat(MessageContent.botName(json("{\"bot_profile\":{\"name\":\"Datadog\"}}"))).contains("Datadog");
        assertThat(MessageContent.botName(json("{\"bot_id\":\"B1\"}"))).isEmpty();
    }
}
