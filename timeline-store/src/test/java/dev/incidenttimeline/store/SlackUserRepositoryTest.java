package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.OTHER_TEAM;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.SlackUser;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlackUserRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private SlackUserRepository users;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        users = db.jdbi().onDemand(SlackUserRepository.class);
    }

    @Test
    void upsert_thenFind_returnsTheProfile() {
        SlackUser ada = new SlackUser(TEAM, "U1", "ada", "Ada Lovelace", "Europe/London", false);

        users.upsert(ada);

        assertThat(users.find(TEAM, "U1")).contains(ada);
    }

    @Test
    void upsertAgain_replacesTheProfile() {
        users.upsert(new SlackUser(TEAM, "U1", "ada", "Ada Lovelace", "Europe/London", false));
        SlackUser renamed = new SlackUser(TEAM, "U1", null, "Ada King", "Europe/Paris", true);

        users.upsert(renamed);

        assertThat(users.find(TEAM, "U1")).contains(renamed);
        assertThat(users.list(TEAM)).hasSize(1);
    }

    @Test
    void find_ofAnUnknownUser_orInAnotherWorkspace_isEmpty() {
        users.upsert(new SlackUser(TEAM, "U1", "ada", null, null, false));

        assertThat(users.find(TEAM, "U404")).isEmpty();
        assertThat(users.find(OTHER_TEAM, "U1")).isEmpty();
    }

    @Test
    void list_andById_coverOneWorkspace() {
        SlackUser b = new SlackUser(TEAM, "U2", "bob", null, null, false);
        SlackUser a = new SlackUser(TEAM, "U1", null, "Alice", null, false);
        SlackUser bot = new SlackUser(TEAM, "B1", "incident-bot", null, null, true);
        users.upsert(b);
        users.upsert(a);
        users.upsert(bot);
        users.upsert(new SlackUser(OTHER_TEAM, "U3", "carol", null, null, false));

        assertThat(users.list(TEAM)).extracting(SlackUser::id).containsExactly("B1", "U1", "U2");
        Map<String, SlackUser> byId = users.byId(TEAM);
        assertThat(byId).containsOnlyKeys("B1", "U1", "U2");
        assertThat(byId.get("U1").label()).isEqualTo("Alice");
        assertThat(byId.get("U2").label()).isEqualTo("bob");
        assertThat(byId.get("B1").isBot()).isTrue();
        assertThat(users.byId("T_EMPTY")).isEmpty();
    }
}
