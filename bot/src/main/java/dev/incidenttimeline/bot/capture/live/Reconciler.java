package dev.incidenttimeline.bot.capture.live;

import com.slack.api.model.Message;
import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.capture.live.ChannelHistory.Page;
import dev.incidenttimeline.bot.capture.live.HistoryPageApplier.Applied;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.ReconcileRunRepository.Run;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-fills what the bot missed while it was down (or an event Slack gave up delivering):
 * reads an open incident's channel since the newest message it has seen (the incident's
 * {@code last_message_ts} watermark, minus a short look-back) with
 * {@code conversations.history}, and each thread with new replies with
 * {@code conversations.replies}, and applies each page as it comes through the very path
 * live events take ({@link HistoryPageApplier}).
 *
 * <p>Page by page: one page (at most {@value ChannelHistory#PAGE_SIZE} messages) is in memory
 * at a time; Slack is called ({@link ChannelHistory}) with no connection held; each page is
 * written in one short transaction that also saves the cursor of the next page, so a run
 * that stopped (a kill, a long {@code Retry-After}) resumes at that page on the next start
 * or resolve. One replica at a time reconciles an incident, under a lease row
 * ({@link ReconcileLease}) rather than a session lock, which a transaction-mode pooler
 * would break. Live events and reconciliation take the same per-message lock before
 * writing, so they interleave safely.
 *
 * <p>Idempotent: running it twice changes nothing the second time. What it does not see:
 * reactions removed and messages deleted while the bot was down (history shows what is
 * there, not what went away), and activity on messages, or in threads, older than the
 * look-back before the watermark.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** Re-read this much before the watermark: reactions and edits land on recent messages. */
    public static final Duration DEFAULT_LOOK_BACK = Duration.ofHours(1);
    private static final Duration LEASE_WAIT = Duration.ofSeconds(60);
    private static final Duration LEASE_POLL = Duration.ofMillis(200);

    private final Jdbi jdbi;
    private final Clock clock;
    private final ChannelHistory history;
    private final HistoryPageApplier applier;
    private final Duration lookBack;

    /** A reconciler with the running bot's settings (tagging emoji, confirmation, zone). */
    public Reconciler(BotContext ctx) {
        this(ctx.jdbi(), ctx.slack(), ctx.clock(),
                new TagRecorder(new TimelineCapture(ctx.settings().reactions(), ctx.settings().zone(),
                        ctx.settings().redactor()),
                        ctx.settings().tagConfirmation()),
                DEFAULT_LOOK_BACK);
    }

    Reconciler(Jdbi jdbi, SlackGateway slack, Clock clock, TagRecorder recorder, Duration lookBack) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.history = new ChannelHistory(slack);
        this.applier = new HistoryPageApplier(jdbi, clock, recorder, history);
        this.lookBack = lookBack;
    }

    /** What one run did. */
    public record Result(int incidents, int messages, int entriesAdded, int edits, int busy) {
        static final Result NONE = new Result(0, 0, 0, 0, 0);

        Result plus(Result o) {
            return new Result(incidents + o.incidents, messages + o.messages, entriesAdded + o.entriesAdded,
                    edits + o.edits, busy + o.busy);
        }
    }

    /**
     * Reconciles one incident's channel now, for {@code resolve} (so that the retro misses
     * nothing) or any caller that needs the timeline complete. When another replica is
     * reconciling the same incident it waits for that run (up to a minute, holding nothing)
     * and then runs itself, which costs little because the watermark has moved.
     *
     * <p>Call it outside any transaction of your own; it makes Slack calls and may take seconds.
     *
     * @throws SlackCallException when Slack keeps failing (after retries honouring Retry-After)
     *                            or refuses (e.g. {@code not_in_channel}); the pages applied
     *                            so far stay, and the next run resumes after them
     */
    public Result reconcile(String teamId, Incident incident) {
        Objects.requireNonNull(teamId, "teamId");
        return reconcile(teamId, incident.number(), true);
    }

    /**
     * Reconciles every open incident of every workspace (on start), resuming runs a stopped
     * process left half-way. An incident another replica is reconciling is skipped
     * ({@link Result#busy()}); a failure in one incident is logged and does not stop the others.
     */
    public Result reconcileOpenIncidents() {
        List<Incident> open = new ArrayList<>();
        jdbi.useHandle(h -> {
            IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
            for (String team : incidents.listTeams()) {
                open.addAll(incidents.listOpen(team));
            }
        });
        Result total = Result.NONE;
        for (Incident inc : open) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (inc.channelId() == null) {
                continue;
            }
            try {
                total = total.plus(reconcile(inc.teamId(), inc.number(), false));
            } catch (RuntimeException e) {
                log.warn("reconciling {} of {} failed, left for the next start or resolve: {}", inc.key(),
                        inc.teamId(), e.getMessage());
            }
        }
        log.info("reconciled {} open incident(s): {} message(s) read, {} entr(ies) added, {} edit(s), {} busy",
                total.incidents(), total.messages(), total.entriesAdded(), total.edits(), total.busy());
        return total;
    }

    private Result reconcile(String teamId, long number, boolean wait) {
        Optional<ReconcileLease.Granted> granted = acquire(teamId, number, wait);
        if (granted.isEmpty()) {
            log.info("INC-{} of {} is being reconciled by another replica", number, teamId);
            return new Result(0, 0, 0, 0, 1);
        }
        ReconcileLease lease = granted.get().lease();
        try {
            return run(lease, granted.get().run());
        } catch (RuntimeException e) {
            if (!(e instanceof ReconcileLease.Lost)) {
                lease.release();
            }
            throw e;
        }
    }

    private Optional<ReconcileLease.Granted> acquire(String teamId, long number, boolean wait) {
        Optional<ReconcileLease.Granted> granted = ReconcileLease.tryAcquire(jdbi, clock, teamId, number);
        if (granted.isPresent() || !wait) {
            return granted;
        }
        long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            pause(LEASE_POLL);
            granted = ReconcileLease.tryAcquire(jdbi, clock, teamId, number);
            if (granted.isPresent()) {
                return granted;
            }
        }
        throw new IllegalStateException("INC-" + number + " of " + teamId + " is still being reconciled elsewhere");
    }

    /** One run under {@code lease}: a new one from the watermark, or the stopped one resumed. */
    private Result run(ReconcileLease lease, Run state) {
        Optional<Incident> found = jdbi.withHandle(h -> AttachedRepositories.of(h, IncidentRepository.class)
                .find(lease.teamId, lease.number));
        if (found.isEmpty() || found.get().channelId() == null) {
            lease.release();
            return Result.NONE;
        }
        Incident inc = found.get();
        String oldest;
        String cursor;
        boolean pagesLeft;
        if (state.unfinished() && state.pages() > 0) {
            // A stopped run with pages applied resumes after them, with the bound it read from;
            // one that stopped before its first page simply starts again from the watermark.
            oldest = state.oldest();
            cursor = state.nextCursor();
            pagesLeft = !state.allPagesRead();
            log.info("resuming the reconciliation of {} of {} after {} page(s)", inc.key(), inc.teamId(),
                    state.pages());
        } else {
            oldest = oldest(jdbi.withHandle(h -> watermark(h, inc)));
            cursor = null;
            pagesLeft = true;
            lease.begin(oldest);
        }
        Applied total = Applied.NONE;
        while (pagesLeft) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("reconciliation of " + inc.key() + " interrupted");
            }
            Page page;
            try {
                page = history.history(inc.channelId(), oldest, cursor, lease::renew);
            } catch (SlackCallException e) {
                if (cursor == null || !"invalid_cursor".equals(e.error())) {
                    throw e;
                }
                // A cursor saved long ago that Slack no longer takes: start this run again.
                log.info("the saved cursor of {} is no longer valid; reading from the watermark again", inc.key());
                oldest = oldest(jdbi.withHandle(h -> watermark(h, inc)));
                cursor = null;
                lease.begin(oldest);
                continue;
            }
            for (Message parent : page.messages()) {
                if (ChannelHistory.hasRepliesSince(parent, oldest)) {
                    total = total.plus(thread(inc, lease, parent.getTs(), oldest));
                }
            }
            String next = page.nextCursor();
            total = total.plus(applier.apply(inc, page.messages(), tx -> lease.pageApplied(tx, next), lease::renew));
            cursor = next;
            pagesLeft = next != null;
        }
        jdbi.useTransaction(tx -> {
            Incident now = AttachedRepositories.of(tx, IncidentRepository.class).find(inc.teamId(), inc.number()).orElse(inc);
            String seen = watermark(tx, now);
            if (seen != null) {
                AttachedRepositories.of(tx, IncidentRepository.class).advanceLastMessageTs(inc.teamId(), inc.number(), seen);
            }
            lease.finish(tx);
        });
        if (total.entriesAdded() + total.edits() > 0) {
            log.info("reconciled {} of {}: {} message(s), {} entr(ies) added, {} edit(s)", inc.key(), inc.teamId(),
                    total.messages(), total.entriesAdded(), total.edits());
        }
        return new Result(1, total.messages(), total.entriesAdded(), total.edits(), 0);
    }

    /** A thread's replies since {@code oldest}, page by page, each in its own transaction. */
    private Applied thread(Incident inc, ReconcileLease lease, String threadTs, String oldest) {
        Applied total = Applied.NONE;
        String cursor = null;
        do {
            Page page = history.replies(inc.channelId(), threadTs, oldest, cursor, lease::renew);
            total = total.plus(applier.apply(inc, page.messages(), lease::renew, lease::renew));
            cursor = page.nextCursor();
        } while (cursor != null);
        return total;
    }

    /**
     * The newest message this database has seen in the channel: the stored watermark (moved
     * by reconciliation and imports) or the newest message cached live since, whichever is later.
     */
    private static String watermark(Handle h, Incident inc) {
        String stored = inc.lastMessageTs();
        String cached = AttachedRepositories.of(h, MessageCacheRepository.class).latestTs(inc.teamId(), inc.channelId()).orElse(null);
        if (stored == null || cached == null) {
            return stored != null ? stored : cached;
        }
        return SlackTs.compare(stored, cached) >= 0 ? stored : cached;
    }

    /** Where reading starts: the watermark minus the look-back, or the whole channel without one. */
    String oldest(String watermark) {
        if (watermark == null || !SlackMessages.isTs(watermark)) {
            return null;
        }
        Instant from = SlackTs.toInstant(watermark).minus(lookBack);
        if (from.isBefore(Instant.EPOCH)) {
            return null;
        }
        return String.format("%d.%06d", from.getEpochSecond(), from.getNano() / 1000);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reconciliation interrupted", e);
        }
    }
}
