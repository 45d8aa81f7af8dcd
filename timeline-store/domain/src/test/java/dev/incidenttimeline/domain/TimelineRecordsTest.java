package dev.incidenttimeline.domain;

import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineRecordsTest {
    private static final Instant AT = Instant.parse("2026-11-16T09:00:00Z");

    @Test
    void anEntryFromAMessage_needsItsChannel() {
        assertThatThrownBy(() -> new NewEntry(1, EntryKind.EVENT, EntrySource.REACTION, AT, "U1", "x", null,
                "1794819600.000100", null, null, "U2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingText_isEmpty() {
        assertThat(NewEntry.of(1, EntryKind.NOTE, EntrySource.COMMAND, AT, "U1", null).text()).isEmpty();
    }

    @Test
    void aThreadReply_hasAParentOtherThanItself() {
        TimelineEntry reply = entry("1794819700.000300", "1794819600.000100");
        TimelineEntry parent = entry("1794819600.000100", "1794819600.000100");
        TimelineEntry topLevel = entry("1794819600.000100", null);

        assertThat(reply.isThreadReply()).isTrue();
        assertThat(parent.isThreadReply()).isFalse();
        assertThat(topLevel.isThreadReply()).isFalse();
    }

    private static TimelineEntry entry(String ts, String threadTs) {
        return new TimelineEntry(1, 1, EntryKind.EVENT, EntrySource.REACTION, AT, "U1", "x", "C1", ts, threadTs, null,
                "U2", false);
    }

    @Test
    void aCachedMessage_takesItsTimeFromItsTs_andHasNoNulls() {
        CachedMessage m = new CachedMessage("T", "C1", "1794819600.000100", null, "U1", null, null, null, null, null,
                false, null, null);

        assertThat(m.postedAt()).isEqualTo(Instant.parse("2026-11-16T09:00:00.000100Z"));
        assertThat(m.text()).isEmpty();
        assertThat(m.files()).isEqualTo(List.of());
    }

    @Test
    void aNewActionItem_needsAText_andIsStripped() {
        assertThatThrownBy(() -> new NewActionItem(1, "  ", null, null, "U1", AT, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new NewActionItem(1, " Add alert ", null, LocalDate.of(2026, 11, 20), "U1", AT, null).text())
                .isEqualTo("Add alert");
    }

    @Test
    void actionItems_areNumberedFromOne() {
        assertThatThrownBy(() -> new ActionItem(1, 0, "x", null, null, ActionStatus.OPEN, ActionPriority.P2, ActionKind.CLEANUP, null, null, AT, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
