package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EntryKindTest {

    @ParameterizedTest
    @EnumSource(EntryKind.class)
    void code_roundTrips(EntryKind kind) {
        assertThat(EntryKind.fromCode(kind.code())).isEqualTo(kind);
        assertThat(kind.code()).matches("[a-z_]+");
        assertThat(kind.label()).isNotBlank();
    }

    @Test
    void parse_acceptsAnyCaseAndHyphens() {
        assertThat(EntryKind.parse("root_cause")).contains(EntryKind.ROOT_CAUSE);
        assertThat(EntryKind.parse("Root-Cause")).contains(EntryKind.ROOT_CAUSE);
        assertThat(EntryKind.parse(" MITIGATION ")).contains(EntryKind.MITIGATION);
    }

    @Test
    void parse_refusesUnknownWords() {
        assertThat(EntryKind.parse(null)).isEmpty();
        assertThat(EntryKind.parse("")).isEmpty();
        assertThat(EntryKind.parse("root cause")).isEmpty();
        assertThat(EntryKind.parse("bogus")).isEmpty();
        assertThatThrownBy(() -> EntryKind.fromCode("bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus");
    }

    @Test
    void theTaggableKinds_areTheOnesUsersMark() {
        assertThat(Arrays.stream(EntryKind.values()).filter(EntryKind::isTaggable))
                .containsExactly(EntryKind.EVENT, EntryKind.DETECTION, EntryKind.FINDING, EntryKind.MITIGATION,
                        EntryKind.ROOT_CAUSE, EntryKind.ACTION);
        assertThat(EntryKind.DECLARED.isTaggable()).isFalse();
        assertThat(EntryKind.NOTE.isTaggable()).isFalse();
    }

    @Test
    void labels_readAsWords() {
        assertThat(EntryKind.ROOT_CAUSE.label()).isEqualTo("Root cause");
        assertThat(EntryKind.PARTICIPANT.label()).isEqualTo("Joined");
    }

    @ParameterizedTest
    @EnumSource(EntrySource.class)
    void entrySourceCode_roundTrips(EntrySource source) {
        assertThat(EntrySource.fromCode(source.code())).isEqualTo(source);
    }

    @ParameterizedTest
    @EnumSource(ActionStatus.class)
    void actionStatusCode_roundTrips(ActionStatus status) {
        assertThat(ActionStatus.fromCode(status.code())).isEqualTo(status);
    }
}
