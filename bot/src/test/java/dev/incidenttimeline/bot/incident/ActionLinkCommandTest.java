package dev.incidenttimeline.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.domain.CommandException;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code /incident action link <n> <url or key>} and {@code unlink <n>}, parsed. */
class ActionLinkCommandTest {
    private final CommandParser parser = new CommandParser(Clock.systemUTC(), ZoneOffset.UTC);

    @Test
    void link_takesTheNumberAndAKeyOrASlackFormattedLink() {
        assertThat(parser.parse("action link 3 OPS-12")).isEqualTo(new IncidentCommand.ActionLink(3, "OPS-12"));
        assertThat(parser.parse("action link #3 <https://acme.atlassian.net/browse/OPS-12|OPS-12>"))
                .isEqualTo(new IncidentCommand.ActionLink(3, "https://acme.atlassian.net/browse/OPS-12"));
        assertThat(parser.parse("action unlink 3")).isEqualTo(new IncidentCommand.ActionUnlink(3));
    }

    @Test
    void badForms_sayTheRightOne() {
        assertThatThrownBy(() -> parser.parse("action link OPS-12")).isInstanceOf(CommandException.class)
                .hasMessageContaining("`/incident action link 2 OPS-123`");
        assertThatThrownBy(() -> parser.parse("action link 3")).hasMessageContaining("one ticket key or link");
        assertThatThrownBy(() -> parser.parse("action unlink 3 now")).hasMessageContaining("`/incident action unlink 2`");
    }
}
