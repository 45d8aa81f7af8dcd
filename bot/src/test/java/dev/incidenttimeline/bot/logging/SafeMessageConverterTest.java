package dev.incidenttimeline.bot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeMessageConverterTest {
    @Test
    void newlinesAndOtherControlCharacters_areEscaped_soNoLineCanBeForged() {
        assertThat(SafeMessageConverter.escape("a\nb\r\n2026 ERROR x\u0000\u001b[31m"))
                .isEqualTo("a\\nb\\r\\n2026 ERROR x\\u0000\\u001b[31m");
    }

    @Test
    void longMessages_areCut_withTheCountLeftOut() {
        String s = SafeMessageConverter.escape("x".repeat(1_000_101));
        assertThat(s).hasSizeLessThan(SafeMessageConverter.MAX_CHARS + 40).endsWith("…(998101 more chars)");
    }
}
