package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.ReconcileRunRepository;
import dev.incidenttimeline.store.ReconcileRunRepository.Run;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The right to reconcile one incident's channel, held as a row ({@code reconcile_runs}:
 * {@code locked_by}, {@code locked_until}) rather than a session lock: each step is its own
 * short transaction, so no connection is held between them, a transaction-mode pooler can
 * hand every statement to a different server connection, and a replica that dies leaves a
 * lease that simply runs out. The holder renews it with every page it applies and before
 * every wait; a holder whose lease was taken over (it stalled past {@link #LEASE}) notices at
 * its next page, whose transaction then applies nothing.
 */
final class ReconcileLease {
    /** Longer than one page of Slack reads with its retries takes, renewed at every step. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

    /** The lease was taken over while this holder was busy: its run stops without writing. */
    static final class Lost extends RuntimeException {
        Lost(String what) {
            super(what + ": the reconciliation lease was taken over by another replica");
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    final String teamId;
    final long number;
    final String holder;

    private ReconcileLease(Jdbi jdbi, Clock clock, String teamId, long number) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.teamId = teamId;
        this.number = number;
        // One holder per run, so that two runs of one process are told apart too.
        this.holder = PROCESS + "/" + UUID.randomUUID();
    }

    /** A granted lease and where the incident's run stands. */
    record Granted(ReconcileLease lease, Run run) {
    }

    /** Takes the lease in one short transaction; empty when another live holder has it. */
    static Optional<Granted> tryAcquire(Jdbi jdbi, Clock clock, String teamId, long number) {
        ReconcileLease lease = new ReconcileLease(jdbi, clock, teamId, number);
        return jdbi.inTransaction(h -> AttachedRepositories.of(h, ReconcileRunRepository.class)
                .acquire(teamId, number, lease.holder, clock.instant(), clock.instant().plus(LEASE)))
                .map(run -> new Granted(lease, run));
    }

    /** Starts a new run from the first page, reading from {@code oldest}. */
    void begin(String oldest) {
        jdbi.useTransaction(h -> {
            if (runs(h).begin(teamId, number, holder, oldest, clock.instant()) == 0) {
                throw new Lost("INC-" + number);
            }
        });
    }

    /** In the caller's page transaction: the page is applied, the next starts at {@code nextCursor}. */
    void pageApplied(Handle tx, String nextCursor) {
        if (runs(tx).pageApplied(teamId, number, holder, nextCursor, clock.instant().plus(LEASE)) == 0) {
            throw new Lost("INC-" + number);
        }
    }

    /** In the caller's transaction: still ours, for a little longer. */
    void renew(Handle tx) {
        if (runs(tx).renew(teamId, number, holder, clock.instant().plus(LEASE)) == 0) {
            throw new Lost("INC-" + number);
        }
    }

    /** In its own short transaction (before a wait on Slack). */
    void renew() {
        jdbi.useTransaction(this::renew);
    }

    /** In the caller's transaction: the run is done and the lease given back. */
    void finish(Handle tx) {
        runs(tx).finish(teamId, number, holder, clock.instant());
    }

    /** Gives the lease back and keeps the progress for the next run. */
    void release() {
        jdbi.useTransaction(h -> runs(h).release(teamId, number, holder));
    }

    private static ReconcileRunRepository runs(Handle h) {
        return AttachedRepositories.of(h, ReconcileRunRepository.class);
    }
}
