package dev.incidenttimeline.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ChannelNamesTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    @Test
    void name_isPrefixDateAndSlug() {
        assertThat(ChannelNames.base("inc", DAY, "DB failover", 7)).isEqualTo("inc-20261122-db-failover");
    }

    @Test
    void slug_isLowercaseLettersDigitsAndSingleDashes() {
        assertThat(ChannelNames.base("inc", DAY, "  Checkout: 5xx errors!!  (EU / US) ", 7))
                .isEqualTo("inc-20261122-checkout-5xx-errors-eu-us");
    }

    @Test
    void slug_dropsAccents_andReadsSlackMarkup() {
        assertThat(ChannelNames.base("inc", DAY, "Café &amp; Straße down for <@U1|alice>", 7))
                .isEqualTo("inc-20261122-cafe-strasse-down-for-alice");
    }

    @Test
    void titleWithoutLettersOrDigits_usesTheIncidentNumber() {
        assertThat(ChannelNames.base("inc", DAY, "数据库故障", 42)).isEqualTo("inc-20261122-incident-42");
    }

    @Test
    void longTitles_areCutTo80AtADash() {
        String name = ChannelNames.base("incident", DAY,
                "the primary database cluster in eu-west-1 failed over to the replica and the replica lagged", 7);
        assertThat(name).hasSizeLessThanOrEqualTo(80).startsWith("incident-20261122-the-primary-database")
                .doesNotEndWith("-");
        assertThat(name).matches("[a-z0-9-]+");
    }

    @Test
    void retries_addASuffix_stayingWithin80() {
        String base = ChannelNames.base("inc", DAY, "DB failover", 7);
        assertThat(ChannelNames.attempt(base, 1)).isEqualTo("inc-20261122-db-failover");
        assertThat(ChannelNames.attempt(base, 2)).isEqualTo("inc-20261122-db-failover-2");
        assertThat(ChannelNames.attempt(base, 13)).isEqualTo("inc-20261122-db-failover-13");
        String longBase = ChannelNames.base("inc", DAY, "a".repeat(70), 7);
        assertThat(longBase).hasSize(80);
        assertThat(ChannelNames.attempt(longBase, 2)).hasSize(80).endsWith("a-2");
    }
}
