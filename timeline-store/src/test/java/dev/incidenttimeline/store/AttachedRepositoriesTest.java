package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.SlackUser;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AttachedRepositoriesTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void setUp() {
        db.truncateAll();
    }

    @Test
    void oneHandle_attachesARepositoryOnce_andItWorksAcrossTransactions() {
        try (Handle h = db.jdbi().open()) {
            SlackUserRepository first = AttachedRepositories.of(h, SlackUserRepository.class);
            h.useTransaction(t -> AttachedRepositories.of(t, SlackUserRepository.class)
                    .upsert(new SlackUser(TEAM, "U1", "ada", "Ada Lovelace", null, false)));
            SlackUserRepository again = AttachedRepositories.of(h, SlackUserRepository.class);

            assertThat(again).isSameAs(first);
            assertThat(again.find(TEAM, "U1")).map(SlackUser::realName).contains("Ada Lovelace");
            assertThat(AttachedRepositories.of(h, InboxRepository.class)).isNotNull();
        }
    }

    @Test
    void twoHandles_neverShareARepository() {
        try (Handle a = db.jdbi().open(); Handle b = db.jdbi().open()) {
            SlackUserRepository onA = AttachedRepositories.of(a, SlackUserRepository.class);
            SlackUserRepository onB = AttachedRepositories.of(b, SlackUserRepository.class);

            assertThat(onA).isNotSameAs(onB);
            // What one handle writes inside its open transaction the other does not see until it commits.
            a.begin();
            onA.upsert(new SlackUser(TEAM, "U2", "bob", null, null, false));
            assertThat(onB.find(TEAM, "U2")).isEmpty();
            a.commit();
            assertThat(onB.find(TEAM, "U2")).isPresent();
        }
    }

    @Test
    void aHandleOpenedAfterAnotherClosed_startsWithNoRepository() {
        SlackUserRepository closedOne;
        try (Handle h = db.jdbi().open()) {
            closedOne = AttachedRepositories.of(h, SlackUserRepository.class);
        }
        try (Handle h = db.jdbi().open()) {
            assertThat(AttachedRepositories.of(h, SlackUserRepository.class)).isNotSameAs(closedOne);
        }
    }
}
