package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackUserTest {

    @Test
    void label_isTheDisplayName_first() {
        assertThat(new SlackUser("T", "U1", "ada", "Ada Lovelace", null, false).label()).isEqualTo("ada");
    }

    @Test
    void label_fallsBackToTheRealName_whenTheDisplayNameIsMissingOrBlank() {
        assertThat(new SlackUser("T", "U1", null, "Ada Lovelace", null, false).label()).isEqualTo("Ada Lovelace");
        assertThat(new SlackUser("T", "U1", "  ", "Ada Lovelace", null, false).label()).isEqualTo("Ada Lovelace");
    }

    @Test
    void label_fallsBackToTheId_whenNoNameIsKnown() {
        assertThat(new SlackUser("T", "U1", null, null, null, false).label()).isEqualTo("U1");
        assertThat(new SlackUser("T", "U1", "", " ", null, false).label()).isEqualTo("U1");
    }
}
