package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.declare;
import static dev.incidenttimeline.store.StoreFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.domain.EntryKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JoinsTransaction} on the repositories' multi-statement methods, on a real PostgreSQL. */
class JoinsTransactionTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String TS = "1794819600.000100";

    /** How often the connection was asked for its isolation level (a round trip to the server). */
    private final AtomicInteger isolationAsked = new AtomicInteger();
    private Jdbi jdbi;
    private long inc;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        jdbi = Database.configure(Jdbi.create(() -> counting(db.dataSource().getConnection())));
        inc = declare(db.jdbi(), "Joins").number();
    }

    @Test
    void tagInsideAnOpenTransaction_joinsIt_withoutAskingTheServerForItsIsolationLevel() {
        jdbi.useTransaction(h -> {
            h.attach(TimelineRepository.class).tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "p99 at 4 s", "U_SRE"),
                    "mag", T0);
            h.rollback();
        });

        assertThat(isolationAsked).hasValue(0);
        assertThat(db.jdbi().onDemand(TimelineRepository.class).listForIncident(TEAM, inc))
                .as("the caller's rollback took the tag with it").isEmpty();
    }

    @Test
    void tagWithNoTransactionOpen_commitsOnItsOwn() {
        jdbi.onDemand(TimelineRepository.class).tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "p99 at 4 s", "U_SRE"),
                "mag", T0);

        assertThat(db.jdbi().onDemand(TimelineRepository.class).listForIncident(TEAM, inc))
                .extracting(e -> e.text()).containsExactly("p99 at 4 s");
    }

    @Test
    void aMethodThatFailsHalfWay_withNoTransactionOpen_leavesNothingBehind() {
        // The tag register is written first; the entry insert then fails on the missing incident.
        assertThatThrownBy(() -> jdbi.onDemand(TimelineRepository.class).tag(TEAM,
                tagged(inc + 1000, EntryKind.FINDING, TS, "p99 at 4 s", "U_SRE"), "mag", T0))
                .hasMessageContaining("timeline_entries");

        int tags = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM entry_tags").mapTo(Integer.class)
                .one());
        assertThat(tags).isZero();
    }

    private Connection counting(Connection c) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getTransactionIsolation")) {
                        isolationAsked.incrementAndGet();
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
