package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.OTHER_TEAM;
import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.declare;
import static dev.incidenttimeline.store.StoreFixtures.newIncident;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private IncidentRepository incidents;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        // Keys are numbered from 1 in each database: start every test from a fresh sequence.
        db.jdbi().useHandle(h -> h.execute("ALTER SEQUENCE incident_number_seq RESTART WITH 1"));
        incidents = db.jdbi().onDemand(IncidentRepository.class);
    }

    @Test
    void create_numbersKeysFromOne_inDeclarationOrder() {
        Incident first = incidents.create(newIncident("Database failover", Severity.SEV1, T0));
        Incident second = incidents.create(newIncident("Checkout errors", Severity.SEV3, T0.plusSeconds(60)));

        assertThat(first.number()).isEqualTo(1);
        assertThat(first.key()).hasToString("INC-1");
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.key()).hasToString("INC-2");
    }

    @Test
    void create_storesWhatWasDeclared_andStartsInvestigating() {
        NewIncident n = new NewIncident(TEAM, "  Payments down  ", Severity.SEV1, true, "U_CMD", "U_DECLARER",
                T0, "card payments fail");

        Incident i = incidents.create(n);

        assertThat(i.teamId()).isEqualTo(TEAM);
        assertThat(i.title()).isEqualTo("Payments down");
        assertThat(i.severity()).isEqualTo(Severity.SEV1);
        assertThat(i.status()).isEqualTo(IncidentStatus.INVESTIGATING);
        assertThat(i.isPrivate()).isTrue();
        assertThat(i.commanderId()).isEqualTo("U_CMD");
        assertThat(i.createdBy()).isEqualTo("U_DECLARER");
        assertThat(i.declaredAt()).isEqualTo(T0);
        assertThat(i.summary()).isEqualTo("card payments fail");
        assertThat(i.resolvedAt()).isNull();
        assertThat(i.channelId()).isNull();
        assertThat(i.lastMessageTs()).isNull();
        assertThat(incidents.find(TEAM, i.number())).contains(i);
        assertThat(origin(i.number())).isEqualTo("slack");
    }

    @Test
    void create_keepsMicrosecondsOfTheDeclarationTime() {
        Instant at = Instant.parse("2026-11-16T09:00:00.123456Z");

        Incident i = incidents.create(newIncident("Precise", Severity.SEV4, at));

        assertThat(incidents.find(TEAM, i.number()).orElseThrow().declaredAt()).isEqualTo(at);
    }

    @Test
    void numbersAreUniqueAcrossWorkspaces_soTheKeyAloneFindsAnIncident() {
        Incident a = declare(db.jdbi(), TEAM, "In team one", Severity.SEV2, T0);
        Incident b = declare(db.jdbi(), OTHER_TEAM, "In team two", Severity.SEV2, T0);

        assertThat(b.number()).isEqualTo(a.number() + 1);
        assertThat(incidents.findByNumber(b.number())).map(Incident::teamId).contains(OTHER_TEAM);
        assertThat(incidents.find(TEAM, b.number())).isEmpty();
        assertThat(incidents.findByNumber(99)).isEmpty();
    }

    @Test
    void concurrentDeclarations_getDistinctNumbers() throws Exception {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String title = "Concurrent " + i;
            tasks.add(() -> db.jdbi().onDemand(IncidentRepository.class)
                    .create(newIncident(title, Severity.SEV3, T0)).number());
        }

        List<Long> numbers = StoreFixtures.runTogether(tasks);

        assertThat(numbers).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isBetween(1L, 8L));
    }

    @Test
    void createImported_setsStartedAt_andMarksTheOrigin() {
        Instant started = T0.minus(Duration.ofMinutes(40));

        Incident i = incidents.createImported(newIncident("Imported outage", Severity.SEV2, T0), started);

        assertThat(i.startedAt()).isEqualTo(started);
        assertThat(i.status()).isEqualTo(IncidentStatus.INVESTIGATING);
        assertThat(origin(i.number())).isEqualTo("import");
    }

    @Test
    void findByChannel_findsTheIncidentOnlyInItsWorkspace() {
        Incident i = declare(db.jdbi(), "Queue backlog");

        assertThat(incidents.setChannel(TEAM, i.number(), "C123", "inc-20261116-queue-backlog")).isEqualTo(1);

        Incident found = incidents.findByChannel(TEAM, "C123").orElseThrow();
        assertThat(found.number()).isEqualTo(i.number());
        assertThat(found.channelName()).isEqualTo("inc-20261116-queue-backlog");
        assertThat(found.channel()).contains("C123");
        assertThat(incidents.findByChannel(OTHER_TEAM, "C123")).isEmpty();
        assertThat(incidents.findByChannel(TEAM, "C999")).isEmpty();
    }

    @Test
    void listByChannelName_returnsEveryIncidentOfThatNameInNumberOrder() {
        Incident a = declare(db.jdbi(), "First");
        Incident b = declare(db.jdbi(), "Second");
        declare(db.jdbi(), "Elsewhere");
        incidents.setChannel(TEAM, b.number(), "C2", "inc-shared");
        incidents.setChannel(TEAM, a.number(), "C1", "inc-shared");

        assertThat(incidents.listByChannelName(TEAM, "inc-shared")).extracting(Incident::number)
                .containsExactly(a.number(), b.number());
        assertThat(incidents.listByChannelName(TEAM, "inc-none")).isEmpty();
    }

    @Test
    void listOpen_ordersBySeverityThenDeclaration_andLeavesOutResolved() {
        Incident sev3 = declare(db.jdbi(), TEAM, "Minor", Severity.SEV3, T0);
        Incident sev1Late = declare(db.jdbi(), TEAM, "Worst, later", Severity.SEV1, T0.plusSeconds(120));
        Incident sev1Early = declare(db.jdbi(), TEAM, "Worst, earlier", Severity.SEV1, T0.plusSeconds(60));
        Incident resolved = declare(db.jdbi(), TEAM, "Over", Severity.SEV1, T0);
        declare(db.jdbi(), OTHER_TEAM, "Other team", Severity.SEV1, T0);
        incidents.updateStatus(TEAM, resolved.number(), IncidentStatus.RESOLVED, T0.plusSeconds(300));

        assertThat(incidents.listOpen(TEAM)).extracting(Incident::number)
                .containsExactly(sev1Early.number(), sev1Late.number(), sev3.number());
    }

    @Test
    void listAll_isNewestFirst_acrossWorkspaces() {
        Incident a = declare(db.jdbi(), TEAM, "A", Severity.SEV2, T0);
        Incident b = declare(db.jdbi(), OTHER_TEAM, "B", Severity.SEV2, T0);
        Incident c = declare(db.jdbi(), TEAM, "C", Severity.SEV2, T0);

        assertThat(incidents.listAll()).extracting(Incident::number).containsExactly(c.number(), b.number(), a.number());
    }

    @Test
    void listAll_andListTeams_areEmptyListsOnAnEmptyDatabase() {
        assertThat(incidents.listAll()).isNotNull().isEmpty();
        assertThat(incidents.listTeams()).isNotNull().isEmpty();
        assertThat(incidents.listOpen(TEAM)).isNotNull().isEmpty();
    }

    @Test
    void listTeams_namesEachWorkspaceOnce_sorted() {
        declare(db.jdbi(), OTHER_TEAM, "B", Severity.SEV2, T0);
        declare(db.jdbi(), TEAM, "A1", Severity.SEV2, T0);
        declare(db.jdbi(), TEAM, "A2", Severity.SEV2, T0);

        assertThat(incidents.listTeams()).containsExactly(TEAM, OTHER_TEAM);
    }

    @Test
    void listDeclaredBetween_includesTheStart_excludesTheEnd() {
        Instant from = T0;
        Instant to = T0.plus(Duration.ofDays(7));
        Incident justBefore = declare(db.jdbi(), TEAM, "Just before", Severity.SEV2, from.minusNanos(1000));
        Incident atStart = declare(db.jdbi(), TEAM, "At start", Severity.SEV2, from);
        Incident inside = declare(db.jdbi(), TEAM, "Inside", Severity.SEV2, from.plus(Duration.ofDays(3)));
        Incident justInside = declare(db.jdbi(), TEAM, "Last microsecond", Severity.SEV2, to.minusNanos(1000));
        Incident atEnd = declare(db.jdbi(), TEAM, "At end", Severity.SEV2, to);
        declare(db.jdbi(), OTHER_TEAM, "Other team", Severity.SEV2, from.plusSeconds(1));

        List<Incident> week = incidents.listDeclaredBetween(TEAM, from, to);

        assertThat(week).extracting(Incident::number)
                .containsExactly(atStart.number(), inside.number(), justInside.number())
                .doesNotContain(justBefore.number(), atEnd.number());
    }

    @Test
    void listDeclaredBetween_ordersByDeclarationThenNumber() {
        Incident later = declare(db.jdbi(), TEAM, "Later", Severity.SEV2, T0.plusSeconds(10));
        Incident tieA = declare(db.jdbi(), TEAM, "Tie A", Severity.SEV2, T0);
        Incident tieB = declare(db.jdbi(), TEAM, "Tie B", Severity.SEV2, T0);

        assertThat(incidents.listDeclaredBetween(TEAM, T0, T0.plusSeconds(60))).extracting(Incident::number)
                .containsExactly(tieA.number(), tieB.number(), later.number());
    }

    @Test
    void listOpenDeclaredBefore_leavesOutResolvedAndLaterIncidents() {
        Incident old = declare(db.jdbi(), TEAM, "Old and open", Severity.SEV2, T0.minus(Duration.ofDays(10)));
        Incident oldResolved = declare(db.jdbi(), TEAM, "Old and resolved", Severity.SEV2, T0.minus(Duration.ofDays(9)));
        declare(db.jdbi(), TEAM, "At the cut", Severity.SEV2, T0);
        incidents.updateStatus(TEAM, oldResolved.number(), IncidentStatus.RESOLVED, T0.minus(Duration.ofDays(8)));

        assertThat(incidents.listOpenDeclaredBefore(TEAM, T0)).extracting(Incident::number).containsExactly(old.number());
    }

    @Test
    void updateStatus_toResolved_setsResolvedAt() {
        Incident i = declare(db.jdbi(), "Resolving");
        Instant at = T0.plus(Duration.ofMinutes(95));

        assertThat(incidents.updateStatus(TEAM, i.number(), IncidentStatus.RESOLVED, at)).isEqualTo(1);

        Incident resolved = incidents.find(TEAM, i.number()).orElseThrow();
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.resolvedAt()).isEqualTo(at);
        assertThat(resolved.isOpen()).isFalse();
        assertThat(resolved.duration(at.plusSeconds(999))).isEqualTo(Duration.ofMinutes(95));
    }

    @Test
    void updateStatus_openStatus_leavesResolvedAtEmpty_andReopeningClearsIt() {
        Incident i = declare(db.jdbi(), "Flapping");
        incidents.updateStatus(TEAM, i.number(), IncidentStatus.IDENTIFIED, T0.plusSeconds(60));
        assertThat(incidents.find(TEAM, i.number()).orElseThrow())
                .extracting(Incident::status, Incident::resolvedAt)
                .containsExactly(IncidentStatus.IDENTIFIED, null);

        incidents.updateStatus(TEAM, i.number(), IncidentStatus.RESOLVED, T0.plusSeconds(120));
        incidents.updateStatus(TEAM, i.number(), IncidentStatus.MONITORING, T0.plusSeconds(180));

        Incident reopened = incidents.find(TEAM, i.number()).orElseThrow();
        assertThat(reopened.status()).isEqualTo(IncidentStatus.MONITORING);
        assertThat(reopened.resolvedAt()).isNull();
    }

    @Test
    void updates_ofAnUnknownIncident_changeNothing() {
        assertThat(incidents.updateStatus(TEAM, 42, IncidentStatus.RESOLVED, T0)).isZero();
        assertThat(incidents.updateSeverity(TEAM, 42, Severity.SEV1)).isZero();
        assertThat(incidents.setTitle(TEAM, 42, "x")).isZero();
        assertThat(incidents.setChannel(TEAM, 42, "C", "inc-x")).isZero();
        assertThat(incidents.advanceLastMessageTs(TEAM, 42, "1763370000.000100")).isZero();
        assertThat(incidents.delete(TEAM, 42)).isZero();
    }

    @Test
    void updateSeverity_changesTheLevel() {
        Incident i = declare(db.jdbi(), "Getting worse");

        assertThat(incidents.updateSeverity(TEAM, i.number(), Severity.SEV1)).isEqualTo(1);

        assertThat(incidents.find(TEAM, i.number()).orElseThrow().severity()).isEqualTo(Severity.SEV1);
    }

    @Test
    void roleAndRetroFieldSetters_storeTheirValues() {
        Incident i = declare(db.jdbi(), "Retro fields");
        long n = i.number();

        incidents.setCommander(TEAM, n, "U_NEW_IC");
        incidents.setDri(TEAM, n, "U_DRI");
        incidents.setSummary(TEAM, n, "What happened");
        incidents.setImpact(TEAM, n, "5% of checkouts failed");
        incidents.setRootCause(TEAM, n, "Connection pool exhausted");
        incidents.setContributingFactors(TEAM, n, "No alert on pool saturation");
        incidents.setTitle(TEAM, n, "Checkout errors from pool exhaustion");

        Incident after = incidents.find(TEAM, n).orElseThrow();
        assertThat(after.commanderId()).isEqualTo("U_NEW_IC");
        assertThat(after.driId()).isEqualTo("U_DRI");
        assertThat(after.summary()).isEqualTo("What happened");
        assertThat(after.impact()).isEqualTo("5% of checkouts failed");
        assertThat(after.rootCause()).isEqualTo("Connection pool exhausted");
        assertThat(after.contributingFactors()).isEqualTo("No alert on pool saturation");
        assertThat(after.title()).isEqualTo("Checkout errors from pool exhaustion");
    }

    @Test
    void setKeyTimes_setsGivenMoments_andLeavesNullOnesAsTheyAre() {
        Incident i = declare(db.jdbi(), "Key times");
        Instant started = T0.minusSeconds(600);
        Instant detected = T0.minusSeconds(300);
        Instant mitigated = T0.plusSeconds(900);

        incidents.setKeyTimes(TEAM, i.number(), started, detected, null);
        incidents.setKeyTimes(TEAM, i.number(), null, null, mitigated);

        Incident after = incidents.find(TEAM, i.number()).orElseThrow();
        assertThat(after.startedAt()).isEqualTo(started);
        assertThat(after.detectedAt()).isEqualTo(detected);
        assertThat(after.mitigatedAt()).isEqualTo(mitigated);
    }

    @Test
    void noteDetected_keepsTheEarliestMoment() {
        Incident i = declare(db.jdbi(), "Detection");

        incidents.noteDetected(TEAM, i.number(), T0.plusSeconds(120));
        assertThat(incidents.find(TEAM, i.number()).orElseThrow().detectedAt()).isEqualTo(T0.plusSeconds(120));

        incidents.noteDetected(TEAM, i.number(), T0.plusSeconds(300));
        assertThat(incidents.find(TEAM, i.number()).orElseThrow().detectedAt()).isEqualTo(T0.plusSeconds(120));

        incidents.noteDetected(TEAM, i.number(), T0.plusSeconds(60));
        assertThat(incidents.find(TEAM, i.number()).orElseThrow().detectedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void noteMitigated_keepsTheEarliestMoment() {
        Incident i = declare(db.jdbi(), "Mitigation");

        incidents.noteMitigated(TEAM, i.number(), T0.plusSeconds(900));
        incidents.noteMitigated(TEAM, i.number(), T0.plusSeconds(1200));
        assertThat(incidents.find(TEAM, i.number()).orElseThrow().mitigatedAt()).isEqualTo(T0.plusSeconds(900));

        incidents.noteMitigated(TEAM, i.number(), T0.plusSeconds(600));
        assertThat(incidents.find(TEAM, i.number()).orElseThrow().mitigatedAt()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void advanceLastMessageTs_neverMovesBack() {
        Incident i = declare(db.jdbi(), "Watermark");
        long n = i.number();

        assertThat(incidents.advanceLastMessageTs(TEAM, n, "1763370000.000200")).isEqualTo(1);
        assertThat(incidents.advanceLastMessageTs(TEAM, n, "1763370000.000100")).isZero();
        assertThat(incidents.advanceLastMessageTs(TEAM, n, "1763370000.000200")).isZero();
        assertThat(incidents.find(TEAM, n).orElseThrow().lastMessageTs()).isEqualTo("1763370000.000200");

        assertThat(incidents.advanceLastMessageTs(TEAM, n, "1763370001.1")).isEqualTo(1);
        assertThat(incidents.find(TEAM, n).orElseThrow().lastMessageTs()).isEqualTo("1763370001.1");
    }

    @Test
    void advanceLastMessageTs_comparesAsNumbers_notAsText() {
        Incident i = declare(db.jdbi(), "Watermark by number");
        long n = i.number();
        incidents.advanceLastMessageTs(TEAM, n, "999999999.000100");

        // As text "1000000000" sorts before "999999999"; as a time it is later.
        assertThat(incidents.advanceLastMessageTs(TEAM, n, "1000000000.000100")).isEqualTo(1);
        assertThat(incidents.find(TEAM, n).orElseThrow().lastMessageTs()).isEqualTo("1000000000.000100");
    }

    @Test
    void concurrentAdvances_endAtTheNewestTs() throws Exception {
        long n = declare(db.jdbi(), "Watermark race").number();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String ts = "1794819600.00000" + i;
            tasks.add(() -> db.jdbi().onDemand(IncidentRepository.class).advanceLastMessageTs(TEAM, n, ts));
        }

        StoreFixtures.runTogether(tasks);

        assertThat(incidents.find(TEAM, n).orElseThrow().lastMessageTs()).isEqualTo("1794819600.000008");
    }

    @Test
    void delete_removesTheIncident() {
        Incident i = declare(db.jdbi(), "Channel never created");

        assertThat(incidents.delete(TEAM, i.number())).isEqualTo(1);

        assertThat(incidents.find(TEAM, i.number())).isEmpty();
    }

    @Test
    void lock_returnsTheNumberOfAnExistingIncident_insideATransaction() {
        Incident i = declare(db.jdbi(), "Locked");

        Long locked = db.jdbi().inTransaction(h -> h.attach(IncidentRepository.class).lock(TEAM, i.number()).orElseThrow());
        boolean unknown = db.jdbi().inTransaction(h -> h.attach(IncidentRepository.class).lock(TEAM, 99).isPresent());

        assertThat(locked).isEqualTo(i.number());
        assertThat(unknown).isFalse();
    }

    private String origin(long number) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT origin FROM incidents WHERE number = :n")
                .bind("n", number).mapTo(String.class).one());
    }
}
