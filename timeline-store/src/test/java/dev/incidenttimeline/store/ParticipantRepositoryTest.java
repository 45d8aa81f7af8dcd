package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.declare;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.Participant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ParticipantRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private ParticipantRepository participants;
    private long inc;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        participants = db.jdbi().onDemand(ParticipantRepository.class);
        inc = declare(db.jdbi(), "Who joined").number();
    }

    @Test
    void add_recordsTheJoin() {
        assertThat(participants.add(TEAM, new Participant(inc, "U1", T0))).isTrue();

        assertThat(participants.list(TEAM, inc)).containsExactly(new Participant(inc, "U1", T0));
    }

    @Test
    void addTwice_isOneRow_keepingTheFirstJoinTime() {
        participants.add(TEAM, new Participant(inc, "U1", T0));

        assertThat(participants.add(TEAM, new Participant(inc, "U1", T0.plusSeconds(600)))).isFalse();

        assertThat(participants.list(TEAM, inc)).containsExactly(new Participant(inc, "U1", T0));
    }

    @Test
    void list_isInJoinOrder_thenByUser_forThatIncidentOnly() {
        long other = declare(db.jdbi(), "Elsewhere").number();
        participants.add(TEAM, new Participant(inc, "U3", T0.plusSeconds(60)));
        participants.add(TEAM, new Participant(inc, "U2", T0));
        participants.add(TEAM, new Participant(inc, "U1", T0));
        participants.add(TEAM, new Participant(other, "U9", T0));

        assertThat(participants.list(TEAM, inc)).extracting(Participant::userId).containsExactly("U1", "U2", "U3");
        assertThat(participants.list(TEAM, 9999)).isNotNull().isEmpty();
    }

    @Test
    void theSamePerson_canJoinSeveralIncidents() {
        long other = declare(db.jdbi(), "Second").number();

        assertThat(participants.add(TEAM, new Participant(inc, "U1", T0))).isTrue();
        assertThat(participants.add(TEAM, new Participant(other, "U1", T0))).isTrue();
    }
}
