package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.declare;
import static dev.incidenttimeline.store.StoreFixtures.runTogether;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionItemNotFoundException;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.IncidentNotFoundException;
import dev.incidenttimeline.domain.NewActionItem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ActionItemRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 16);

    private ActionItemRepository items;
    private long inc;
    private long other;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        items = db.jdbi().onDemand(ActionItemRepository.class);
        inc = declare(db.jdbi(), "With follow-ups").number();
        other = declare(db.jdbi(), "Another incident").number();
    }

    private ActionItem add(long incident, String text, String owner, LocalDate due) {
        return items.add(TEAM, new NewActionItem(incident, text, owner, due, "U_IC", T0, null));
    }

    @Test
    void add_numbersItemsFromOne_withinEachIncident() {
        ActionItem first = add(inc, "Add pool alert", "U1", null);
        ActionItem second = add(inc, "Raise pool size", "U2", null);
        ActionItem otherFirst = add(other, "Unrelated", "U1", null);

        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(otherFirst.number()).isEqualTo(1);
    }

    @Test
    void add_storesWhatWasGiven_asAnOpenItem() {
        ActionItem item = items.add(TEAM, new NewActionItem(inc, "  Add pool alert  ", "U_OWNER", MONDAY.plusDays(7),
                "U_IC", T0, null));

        assertThat(item.incidentNumber()).isEqualTo(inc);
        assertThat(item.text()).isEqualTo("Add pool alert");
        assertThat(item.ownerId()).isEqualTo("U_OWNER");
        assertThat(item.dueDate()).isEqualTo(MONDAY.plusDays(7));
        assertThat(item.status()).isEqualTo(ActionStatus.OPEN);
        assertThat(item.isOpen()).isTrue();
        assertThat(item.createdBy()).isEqualTo("U_IC");
        assertThat(item.createdAt()).isEqualTo(T0);
        assertThat(item.closedAt()).isNull();
        assertThat(item.closedBy()).isNull();
        assertThat(items.find(TEAM, inc, 1)).contains(item);
    }

    @Test
    void addTwiceWithTheSameSourceMessage_isOneItem() {
        NewActionItem fromMessage = new NewActionItem(inc, "Write runbook", "U1", null, "U_IC", T0, "1794819600.000100");

        ActionItem first = items.add(TEAM, fromMessage);
        ActionItem again = items.add(TEAM, fromMessage);

        assertThat(again).isEqualTo(first);
        assertThat(items.listForIncident(TEAM, inc)).hasSize(1);
        assertThat(items.findBySource(TEAM, inc, "1794819600.000100")).contains(first);
    }

    @Test
    void theSameSourceMessage_inAnotherIncident_isAnotherItem() {
        String ts = "1794819600.000100";
        items.add(TEAM, new NewActionItem(inc, "Write runbook", null, null, "U_IC", T0, ts));
        items.add(TEAM, new NewActionItem(other, "Write runbook", null, null, "U_IC", T0, ts));

        assertThat(items.listForIncidents(TEAM, new long[] {inc, other})).hasSize(2);
    }

    @Test
    void addTwiceWithoutASourceMessage_isTwoItems() {
        add(inc, "Same words", null, null);
        add(inc, "Same words", null, null);

        assertThat(items.listForIncident(TEAM, inc)).extracting(ActionItem::number).containsExactly(1, 2);
    }

    @Test
    void add_toAnUnknownIncident_failsWithIncidentNotFound() {
        assertThatThrownBy(() -> add(9999, "Nowhere", null, null))
                .isInstanceOf(IncidentNotFoundException.class)
                .hasMessageContaining("INC-9999");
    }

    @Test
    void concurrentAdds_toOneIncident_getDistinctConsecutiveNumbers() throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = "Item " + i;
            tasks.add(() -> db.jdbi().onDemand(ActionItemRepository.class)
                    .add(TEAM, new NewActionItem(inc, text, null, null, "U_IC", T0, null)).number());
        }

        List<Integer> numbers = runTogether(tasks);

        assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void concurrentAddsFromTheSameMessage_areOneItem() throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> db.jdbi().onDemand(ActionItemRepository.class)
                    .add(TEAM, new NewActionItem(inc, "From memo", null, null, "U_IC", T0, "1794819600.000100"))
                    .number());
        }

        List<Integer> numbers = runTogether(tasks);

        assertThat(numbers).containsOnly(1);
        assertThat(items.listForIncident(TEAM, inc)).hasSize(1);
    }

    @Test
    void close_asDone_recordsWhoAndWhen() {
        add(inc, "Add pool alert", "U1", null);
        Instant at = T0.plusSeconds(3600);

        ActionItem done = items.close(TEAM, inc, 1, ActionStatus.DONE, "U1", at);

        assertThat(done.status()).isEqualTo(ActionStatus.DONE);
        assertThat(done.closedAt()).isEqualTo(at);
        assertThat(done.closedBy()).isEqualTo("U1");
        assertThat(done.isOpen()).isFalse();
        assertThat(items.find(TEAM, inc, 1)).contains(done);
    }

    @Test
    void close_asDropped() {
        add(inc, "Rewrite everything", "U1", null);

        ActionItem dropped = items.close(TEAM, inc, 1, ActionStatus.DROPPED, "U_IC", T0.plusSeconds(60));

        assertThat(dropped.status()).isEqualTo(ActionStatus.DROPPED);
        assertThat(dropped.closedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void closingTwice_keepsTheFirstClose() {
        add(inc, "Add pool alert", "U1", null);
        ActionItem first = items.close(TEAM, inc, 1, ActionStatus.DONE, "U1", T0.plusSeconds(60));

        ActionItem again = items.close(TEAM, inc, 1, ActionStatus.DROPPED, "U2", T0.plusSeconds(120));

        assertThat(again).isEqualTo(first);
        assertThat(items.find(TEAM, inc, 1).orElseThrow())
                .extracting(ActionItem::status, ActionItem::closedBy, ActionItem::closedAt)
                .containsExactly(ActionStatus.DONE, "U1", T0.plusSeconds(60));
    }

    @Test
    void closingConcurrently_keepsOneClose_andEveryCallerSeesIt() throws Exception {
        add(inc, "Add pool alert", "U1", null);
        List<Callable<ActionItem>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ActionStatus status = i % 2 == 0 ? ActionStatus.DONE : ActionStatus.DROPPED;
            String by = "U" + i;
            Instant at = T0.plusSeconds(60 + i);
            tasks.add(() -> db.jdbi().onDemand(ActionItemRepository.class).close(TEAM, inc, 1, status, by, at));
        }

        List<ActionItem> results = runTogether(tasks);

        ActionItem stored = items.find(TEAM, inc, 1).orElseThrow();
        assertThat(stored.isOpen()).isFalse();
        assertThat(results).containsOnly(stored);
    }

    @Test
    void close_ofAnUnknownNumber_failsWithActionItemNotFound() {
        add(inc, "Only one", null, null);

        assertThatThrownBy(() -> items.close(TEAM, inc, 9, ActionStatus.DONE, "U1", T0))
                .isInstanceOf(ActionItemNotFoundException.class)
                .hasMessageContaining("INC-" + inc)
                .hasMessageContaining("#9");
    }

    @Test
    void close_asOpen_isRefused() {
        add(inc, "Still open", null, null);

        assertThatThrownBy(() -> items.close(TEAM, inc, 1, ActionStatus.OPEN, "U1", T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(items.find(TEAM, inc, 1).orElseThrow().isOpen()).isTrue();
    }

    @Test
    void find_ofAnUnknownItem_isEmpty() {
        assertThat(items.find(TEAM, inc, 1)).isEmpty();
        assertThat(items.findBySource(TEAM, inc, "1794819600.000100")).isEmpty();
    }

    @Test
    void listForIncident_isInNumberOrder() {
        add(inc, "one", null, null);
        add(other, "elsewhere", null, null);
        add(inc, "two", null, null);

        assertThat(items.listForIncident(TEAM, inc)).extracting(ActionItem::text).containsExactly("one", "two");
        assertThat(items.listForIncident(TEAM, 9999)).isNotNull().isEmpty();
    }

    @Test
    void listForIncidents_readsSeveralIncidentsInOneQuery_inIncidentThenNumberOrder() {
        long third = declare(db.jdbi(), "Not asked for").number();
        add(other, "other 1", null, null);
        add(inc, "inc 1", null, null);
        add(inc, "inc 2", null, null);
        add(third, "third 1", null, null);

        assertThat(items.listForIncidents(TEAM, new long[] {other, inc}))
                .extracting(ActionItem::incidentNumber, ActionItem::number)
                .containsExactly(tuple(inc, 1), tuple(inc, 2), tuple(other, 1));
        assertThat(items.listForIncidents(TEAM, new long[0])).isEmpty();
    }

    @Test
    void listOpenForOwner_putsEarliestDueFirst_andUndatedLast() {
        add(inc, "undated", "U1", null);
        add(inc, "later", "U1", MONDAY.plusDays(10));
        add(other, "overdue", "U1", MONDAY.minusDays(3));
        add(inc, "someone else's", "U2", MONDAY);
        add(inc, "closed", "U1", MONDAY.minusDays(5));
        items.close(TEAM, inc, 4, ActionStatus.DONE, "U1", T0);

        assertThat(items.listOpenForOwner(TEAM, "U1")).extracting(ActionItem::text)
                .containsExactly("overdue", "later", "undated");
    }

    @Test
    void listOpenDueBefore_isStrictlyBeforeTheDay_andOpenOnly() {
        add(inc, "yesterday", "U2", MONDAY.minusDays(1));
        add(inc, "today", "U1", MONDAY);
        add(inc, "long ago", "U1", MONDAY.minusDays(30));
        add(inc, "closed", "U1", MONDAY.minusDays(2));
        add(inc, "undated", "U1", null);
        items.close(TEAM, inc, 4, ActionStatus.DROPPED, "U1", T0);

        assertThat(items.listOpenDueBefore(TEAM, MONDAY)).extracting(ActionItem::text)
                .containsExactly("long ago", "yesterday");
    }

    @Test
    void listOpenDueBetween_includesTheStart_excludesTheEnd() {
        LocalDate from = MONDAY.plusDays(7);
        LocalDate to = MONDAY.plusDays(14);
        add(inc, "day before", "U1", from.minusDays(1));
        add(inc, "first day", "U1", from);
        add(inc, "last day", "U1", to.minusDays(1));
        add(inc, "day after", "U1", to);

        assertThat(items.listOpenDueBetween(TEAM, from, to)).extracting(ActionItem::text)
                .containsExactly("first day", "last day");
    }

    @Test
    void listClosedBetween_includesTheStart_excludesTheEnd() {
        Instant from = T0;
        Instant to = T0.plusSeconds(7 * 24 * 3600);
        for (String text : List.of("before", "at start", "inside", "at end", "still open")) {
            add(inc, text, "U1", null);
        }
        items.close(TEAM, inc, 1, ActionStatus.DONE, "U1", from.minusSeconds(1));
        items.close(TEAM, inc, 2, ActionStatus.DONE, "U1", from);
        items.close(TEAM, inc, 3, ActionStatus.DROPPED, "U1", from.plusSeconds(3600));
        items.close(TEAM, inc, 4, ActionStatus.DONE, "U1", to);

        assertThat(items.listClosedBetween(TEAM, from, to)).extracting(ActionItem::text)
                .containsExactly("at start", "inside");
    }

    @Test
    void overdue_meansOpenAndDueBeforeToday() {
        ActionItem overdue = add(inc, "overdue", "U1", MONDAY.minusDays(1));
        ActionItem dueToday = add(inc, "due today", "U1", MONDAY);
        ActionItem undated = add(inc, "undated", "U1", null);
        ActionItem closed = items.close(TEAM, inc, add(inc, "closed", "U1", MONDAY.minusDays(9)).number(),
                ActionStatus.DONE, "U1", T0);

        assertThat(overdue.isOverdue(MONDAY)).isTrue();
        assertThat(dueToday.isOverdue(MONDAY)).isFalse();
        assertThat(undated.isOverdue(MONDAY)).isFalse();
        assertThat(closed.isOverdue(MONDAY)).isFalse();
    }
}
