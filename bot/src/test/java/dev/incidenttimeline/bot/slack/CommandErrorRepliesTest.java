package dev.incidenttimeline.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.IncidentNotFoundException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CommandErrorRepliesTest {

    private static SlackCallException slack(String error, boolean retryable, Duration retryAfter) {
        return new SlackCallException("chat.postMessage", error, retryable, retryAfter, null);
    }

    @Test
    void domainErrors_areShownAsTheyAre() {
        assertThat(CommandErrorReplies.reply(new CommandException("`sev` needs a level 1-4: `/incident sev 2`"), "x"))
                .isEqualTo("`sev` needs a level 1-4: `/incident sev 2`");
        assertThat(CommandErrorReplies.reply(new IncidentNotFoundException("INC-9 no longer exists"), "x"))
                .isEqualTo("INC-9 no longer exists");
    }

    @Test
    void wrappedDomainErrors_areUnwrapped() {
        assertThat(CommandErrorReplies.reply(new CompletionException(new CommandException("bad")), "x"))
                .isEqualTo("bad");
    }

    @Test
    void slackErrors_sayWhatSlackRefusedAndWhatToDo() {
        assertThat(CommandErrorReplies.reply(slack("not_in_channel", false, null), "x"))
                .contains("I'm not a member of this channel").contains("/invite");
        assertThat(CommandErrorReplies.reply(slack("channel_not_found", false, null), "x"))
                .contains("can't find that channel");
        assertThat(CommandErrorReplies.reply(slack("name_taken", false, null), "x"))
                .contains("already exists");
        assertThat(CommandErrorReplies.reply(slack("restricted_action", false, null), "x"))
                .contains("Ask a Slack admin");
        assertThat(CommandErrorReplies.reply(slack("ratelimited", true, Duration.ofSeconds(12)), "x"))
                .contains("try again in 12 seconds");
        assertThat(CommandErrorReplies.reply(slack("invalid_auth", false, null), "x"))
                .contains("SLACK_BOT_TOKEN");
        assertThat(CommandErrorReplies.reply(slack("http_503", true, null), "x"))
                .contains("Slack didn't answer").contains("try again in a moment");
        assertThat(CommandErrorReplies.reply(slack("weird_error", false, null), "x"))
                .contains("Slack refused `chat.postMessage` (`weird_error`)");
    }

    @Test
    void unexpectedErrors_getAnErrorIdToQuote_andNoInternals() {
        String reply = CommandErrorReplies.reply(new NullPointerException("secret internals"), "/incident note");
        assertThat(reply).matches("Something went wrong \\(error id E-[0-9a-f]{6}\\); nothing was changed\\..*")
                .doesNotContain("secret internals").doesNotContain("NullPointerException");
        assertThat(CommandErrorReplies.newErrorId()).isNotEqualTo(CommandErrorReplies.newErrorId());
    }
}
