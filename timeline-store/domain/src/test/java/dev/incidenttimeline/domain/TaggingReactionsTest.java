package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaggingReactionsTest {

    @Test
    void defaults_mapTheDocumentedEmoji_inOrder() {
        assertThat(TaggingReactions.defaults().byEmoji()).containsExactly(
                entry("pushpin", EntryKind.EVENT),
                entry("rotating_light", EntryKind.DETECTION),
                entry("mag", EntryKind.FINDING),
                entry("adhesive_bandage", EntryKind.MITIGATION),
                entry("dart", EntryKind.ROOT_CAUSE),
                entry("memo", EntryKind.ACTION));
    }

    @Test
    void parse_toleratesSpacesColonsAndEmptyPairs() {
        TaggingReactions r = TaggingReactions.parse(" :fire: = detection , , +1=event,thumbsup-custom=Finding,");

        assertThat(r.byEmoji()).containsExactly(
                entry("fire", EntryKind.DETECTION), entry("+1", EntryKind.EVENT),
                entry("thumbsup-custom", EntryKind.FINDING));
    }

    @Test
    void kindOf_ignoresTheSkinToneSuffix() {
        TaggingReactions r = TaggingReactions.parse("+1=event,dart=root_cause");

        assertThat(r.kindOf("+1::skin-tone-3")).contains(EntryKind.EVENT);
        assertThat(r.kindOf("dart")).contains(EntryKind.ROOT_CAUSE);
        assertThat(r.kindOf("tada")).isEmpty();
        assertThat(r.kindOf(null)).isEmpty();
    }

    @Test
    void emojiFor_isTheFirstEmojiOfAKind() {
        TaggingReactions r = TaggingReactions.parse("pin=event,pushpin=event,mag=finding");

        assertThat(r.emojiFor(EntryKind.EVENT)).contains("pin");
        assertThat(r.emojiFor(EntryKind.ACTION)).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", ",,"})
    void empty_isRefused_showingTheDefault(String spec) {
        assertThatThrownBy(() -> TaggingReactions.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfiesAnyOf(
                        e -> assertThat(e).hasMessageContaining(TaggingReactions.DEFAULT_SPEC),
                        e -> assertThat(e).hasMessageContaining("at least one"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pushpin", "pushpin=", "=event", "pushpin:event"})
    void aPairWithoutEmojiOrKind_isRefused_showingTheForm(String spec) {
        assertThatThrownBy(() -> TaggingReactions.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not emoji=kind")
                .hasMessageContaining("pushpin=event");
    }

    @Test
    void aBadEmojiName_isRefused_namingIt() {
        assertThatThrownBy(() -> TaggingReactions.parse("Push Pin=event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Push Pin' is not an emoji name");
    }

    @Test
    void anUnknownKind_isRefused_listingTheTaggableKinds() {
        assertThatThrownBy(() -> TaggingReactions.parse("pushpin=event,fire=incident"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'incident'")
                .hasMessageContaining("event, detection, finding, mitigation, root_cause, action");
    }

    @Test
    void aKindTheBotWrites_cannotBeTagged() {
        assertThatThrownBy(() -> TaggingReactions.parse("white_check_mark=resolved"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'resolved' is not a kind that can be tagged");
    }

    @Test
    void theSameEmojiTwice_isRefused() {
        assertThatThrownBy(() -> TaggingReactions.parse("pushpin=event,pushpin=finding"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pushpin' is mapped twice");
    }

    @Test
    void theMap_cannotBeChangedAfterwards() {
        Map<String, EntryKind> map = TaggingReactions.defaults().byEmoji();

        assertThatThrownBy(() -> map.put("fire", EntryKind.DETECTION)).isInstanceOf(UnsupportedOperationException.class);
    }
}
