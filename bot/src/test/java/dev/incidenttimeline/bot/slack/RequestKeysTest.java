package dev.incidenttimeline.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestKeysTest {
    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String command(String text, String trigger) {
        return "team_id=T1&user_id=U1&command=%2Fincident&text=" + enc(text)
                + (trigger == null ? "" : "&trigger_id=" + trigger);
    }

    private static String submission(String viewId, String title, String trigger) {
        return "payload=" + enc("{\"type\":\"view_submission\",\"trigger_id\":\"" + trigger
                + "\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"view\":{\"id\":\"" + viewId
                + "\",\"state\":{\"values\":{\"title\":{\"value\":{\"value\":\"" + title + "\"}}}}}}");
    }

    @Test
    void commandsWithTheSameTrigger_haveOneKey_andOtherTriggersOthers() {
        assertThat(RequestKeys.command(command("note x", "t1"), "1700000000"))
                .isEqualTo(RequestKeys.command(command("note x", "t1"), "1700000000"));
        assertThat(RequestKeys.command(command("note x", "t1"), "1700000000"))
                .isNotEqualTo(RequestKeys.command(command("note x", "t2"), "1700000000"));
    }

    @Test
    void commandWithoutTrigger_isKeyedByItsTextAndSlacksTimestamp() {
        assertThat(RequestKeys.command(command("note x", null), "1700000000"))
                .isEqualTo(RequestKeys.command(command("note x", null), "1700000000"));
        assertThat(RequestKeys.command(command("note x", null), "1700000000"))
                .isNotEqualTo(RequestKeys.command(command("note x", null), "1700000001"));
        assertThat(RequestKeys.command(command("note x", null), "1700000000"))
                .isNotEqualTo(RequestKeys.command(command("note y", null), "1700000000"));
    }

    @Test
    void keys_areHashes_thatHoldNothingTyped() {
        RequestKeys.Key k = RequestKeys.command(command("note secret-password", "t1"), "1").orElseThrow();
        assertThat(k.teamId()).isEqualTo("T1");
        assertThat(k.key()).hasSize(64).doesNotContain("secret");
    }

    @Test
    void formSubmittedTwice_isOneKey_whateverTriggerItCarries_butOtherValuesAreAnother() {
        assertThat(RequestKeys.interaction(submission("V1", "DB down", "t1")))
                .isEqualTo(RequestKeys.interaction(submission("V1", "DB down", "t2")));
        assertThat(RequestKeys.interaction(submission("V1", "DB down", "t1")))
                .isNotEqualTo(RequestKeys.interaction(submission("V1", "DB is down", "t1")));
    }

    @Test
    void requestsWithoutATeam_orUnreadable_haveNoKey() {
        assertThat(RequestKeys.command("text=x", "1")).isEmpty();
        assertThat(RequestKeys.interaction("payload=not-json")).isEmpty();
        assertThat(RequestKeys.interaction("")).isEmpty();
    }
}
