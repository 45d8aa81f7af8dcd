package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.OTHER_TEAM;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobRunRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aLockIsHeldByOneConnection_untilItIsReleased() {
        try (Handle one = db.jdbi().open(); Handle other = db.jdbi().open()) {
            JobRunRepository a = one.attach(JobRunRepository.class);
            JobRunRepository b = other.attach(JobRunRepository.class);

            assertThat(a.tryLock("reconcile", TEAM, "7")).isTrue();
            assertThat(b.tryLock("reconcile", TEAM, "7")).as("held by the other connection").isFalse();
            assertThat(b.tryLock("reconcile", OTHER_TEAM, "7")).as("another workspace's key").isTrue();

            assertThat(a.unlock("reconcile", TEAM, "7")).isTrue();
            assertThat(b.tryLock("reconcile", TEAM, "7")).isTrue();
            b.unlock("reconcile", TEAM, "7");
            b.unlock("reconcile", OTHER_TEAM, "7");
        }
    }
}
