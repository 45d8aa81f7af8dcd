package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {
    @Test
    void nulCharacters_areRemoved() {
        assertThat(StorableText.clean("db\u0000 is\u0000 down")).isEqualTo("db is down");
        assertThat(StorableText.isClean("db\u0000")).isFalse();
    }

    @Test
    void loneSurrogates_becomeTheReplacementCharacter_andPairsStay() {
        assertThat(StorableText.clean("a\uD800b")).isEqualTo("a\uFFFDb");
        assertThat(StorableText.clean("x\uDC00")).isEqualTo("x\uFFFD");
        assertThat(StorableText.clean("fire \uD83D\uDD25")).isEqualTo("fire \uD83D\uDD25");
    }

    @Test
    void cleanText_isReturnedAsItIs_andNullStaysNull() {
        String s = "plain text, émoji ✅";
        assertThat(StorableText.clean(s)).isSameAs(s);
        assertThat(StorableText.clean(null)).isNull();
    }
}
