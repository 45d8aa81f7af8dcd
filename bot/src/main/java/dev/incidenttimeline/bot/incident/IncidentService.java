package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.bot.visibility.IncidentViewer;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import static dev.incidenttimeline.bot.slack.SlackText.mention;

import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.announce.Announcements;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.export.text.DurationText;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What {@code /incident} does to incidents, free of Slack. Every change runs in one
 * database transaction that holds the change itself, its timeline entry, and the Slack
 * effects announcing it (the line posted in the channel, the topic), queued in the
 * {@link Outbox}: they commit together or not at all. Each method returns the short
 * confirmation shown only to the person who ran the command; bad input throws a
 * {@link CommandException} (or another domain exception) and writes nothing.
 */
public final class IncidentService {
    /** Two identical action items from the same person this close together are one (a double submit). */
    static final Duration DOUBLE_SUBMIT_WINDOW = ActionItemService.DOUBLE_SUBMIT_WINDOW;
    private static final DateTimeFormatter ENTRY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final int MAX_LISTED = 30;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Settings settings;
    private final ZoneId zone;
    private final IncidentMessages messages;
    private final Runnable effectsQueued;
    private final IncidentTransactions tx;
    private final RetroService retro;
    private final ActionItemService actions;

    /**
     * @param effectsQueued called after a transaction that queued Slack effects has committed
     *     (wakes the effect worker)
     */
    public IncidentService(Jdbi jdbi, Clock clock, Settings settings, Runnable effectsQueued) {
        this.tx = new IncidentTransactions(jdbi, clock, settings, effectsQueued);
        this.jdbi = tx.jdbi;
        this.clock = tx.clock;
        this.settings = tx.settings;
        this.zone = tx.zone;
        this.messages = tx.messages;
        this.effectsQueued = effectsQueued;
        this.retro = new RetroService(tx);
        this.actions = new ActionItemService(tx);
    }

    /** The retro: its fields, key moments, chain, factors, learnings and export. */
    RetroService retro() {
        return retro;
    }

    /** The action items. */
    ActionItemService actions() {
        return actions;
    }

    // ------------------------------------------------------------------ declare

    /** What a new incident starts with; {@code summary} may be null. Texts are Slack markup. */
    public record DeclareRequest(String title, Severity severity, boolean isPrivate, String summary) {
        public DeclareRequest {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(severity, "severity");
        }

        public static DeclareRequest of(IncidentCommand.Declare d) {
            return new DeclareRequest(d.title(), d.severity(), d.isPrivate(), null);
        }
    }

    /**
     * Declaring, step 1: the incident (INC-n, the declarer as commander) and its
     * {@code declared} entry. It has no channel yet; {@link #createChannel} is step 2.
     */
    public Incident declare(String teamId, String userId, DeclareRequest r) {
        return jdbi.inTransaction(h -> {
            Instant now = clock.instant();
            Incident inc = AttachedRepositories.of(h, IncidentRepository.class).create(new NewIncident(teamId, r.title(), r.severity(),
                    r.isPrivate(), userId, userId, now, blankToNull(r.summary())));
            AttachedRepositories.of(h, TimelineRepository.class).append(teamId, NewEntry.of(inc.number(), EntryKind.DECLARED,
                    EntrySource.COMMAND, now, userId, "Declared " + r.severity().label() + ": " + r.title()));
            return inc;
        });
    }

    /** The first channel name to try: {@code <prefix>-<declaration date in TIMEZONE>-<slug>}. */
    public String channelName(Incident inc) {
        return ChannelNames.base(settings.channelPrefix(), LocalDate.ofInstant(inc.declaredAt(), zone), inc.title(),
                inc.number());
    }

    /** Result of {@link #createChannel}. */
    public sealed interface ChannelOutcome {
        /** The channel was created now, or already existed. */
        record Ready(Incident incident) implements ChannelOutcome {
        }

        /** Another process is creating it at this moment. */
        record Busy() implements ChannelOutcome {
        }

        /** The incident is gone (abandoned). */
        record Gone() implements ChannelOutcome {
        }
    }

    /** How long one declare attempt may hold an incident before another process may try. */
    static final Duration DECLARE_LEASE = Duration.ofMinutes(2);

    /**
     * Declaring, step 2, in claim, call, complete: a short transaction takes the incident's
     * declare lease and records the name about to be created (so exactly one process creates
     * it); {@code creator} calls Slack with no transaction open; a second transaction records
     * the channel and queues the invitation of the commander, the intro message and the topic.
     * When {@code name} is the one the attempt before recorded, {@code creator} may adopt the
     * channel of that name the bot made (its reply was lost, or the commit failed) instead of
     * failing with {@code name_taken}. When {@code creator} throws, the lease is given back and
     * the exception propagates for the caller to retry (another name, later) or {@link #abandon}.
     */
    public ChannelOutcome createChannel(String teamId, long number, String name, ChannelCreator creator) {
        Instant now = clock.instant();
        Optional<String> before = jdbi.inTransaction(h -> AttachedRepositories.of(h, IncidentRepository.class)
                .claimChannelIntent(teamId, number, name, now, now.plus(DECLARE_LEASE)));
        if (before.isEmpty()) {
            return jdbi.withHandle(h -> {
                Optional<Incident> inc = AttachedRepositories.of(h, IncidentRepository.class).find(teamId, number);
                if (inc.isEmpty()) {
                    return new ChannelOutcome.Gone();
                }
                return inc.get().channelId() != null ? new ChannelOutcome.Ready(inc.get()) : new ChannelOutcome.Busy();
            });
        }
        boolean isPrivate = jdbi.withHandle(h -> AttachedRepositories.of(h, IncidentRepository.class).find(teamId, number))
                .map(Incident::isPrivate).orElse(false);
        String channelId;
        try {
            channelId = creator.createOrAdopt(name, isPrivate, name.equals(before.get()));
        } catch (RuntimeException e) {
            jdbi.useHandle(h -> AttachedRepositories.of(h, IncidentRepository.class).releaseChannelIntent(teamId, number));
            throw e;
        }
        try {
            return recordChannel(teamId, number, channelId, name);
        } catch (RuntimeException e) {
            throw new ChannelNotRecorded(channelId, name, e);
        }
    }

    /**
     * Slack made the incident's channel, but recording it failed (the database went away,
     * or the commit's answer was lost). The declare lease is still held, so a new attempt
     * would only be told "busy": {@link #recordChannel} that channel instead.
     */
    public static final class ChannelNotRecorded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String channelId;
        private final String name;

        ChannelNotRecorded(String channelId, String name, RuntimeException cause) {
            super("channel " + name + " (" + channelId + ") was created but not recorded: " + cause.getMessage(), cause);
            this.channelId = channelId;
            this.name = name;
        }

        public String channelId() {
            return channelId;
        }

        public String name() {
            return name;
        }
    }

    /**
     * Records the channel Slack made for an incident and queues its invite, intro and topic.
     * Safe to repeat: when the channel is recorded already (an earlier commit did happen),
     * it only returns the incident.
     */
    public ChannelOutcome recordChannel(String teamId, long number, String channelId, String name) {
        ChannelOutcome outcome = jdbi.inTransaction(h -> {
            IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
            if (incidents.lockWithoutChannel(teamId, number).isEmpty()) {
                Optional<Incident> inc = incidents.find(teamId, number);
                // Removed meanwhile: the channel stays in Slack, with nothing to announce in it.
                return inc.<ChannelOutcome>map(ChannelOutcome.Ready::new).orElseGet(ChannelOutcome.Gone::new);
            }
            incidents.setChannel(teamId, number, channelId, name);
            Incident inc = incidents.find(teamId, number).orElseThrow();
            Outbox outbox = new Outbox(h, teamId);
            String key = inc.key() + ":declared:";
            outbox.invite(key + "invite", channelId, inc.commanderId());
            outbox.postMessage(key + "intro", channelId, messages.introText(inc),
                    BlockKit.toJson(messages.introBlocks(inc)), null);
            outbox.setTopic(key + "topic", channelId, messages.topic(inc, label(h, inc.teamId(), inc.commanderId())));
            Announcements.declared(h, settings, inc);
            return new ChannelOutcome.Ready(inc);
        });
        effectsQueued.run();
        return outcome;
    }

    /** The channel name the last declare attempt of an incident recorded, if any. */
    public Optional<String> channelIntent(Incident inc) {
        return jdbi.withHandle(h -> AttachedRepositories.of(h, IncidentRepository.class)
                .findChannelIntent(inc.teamId(), inc.number()));
    }

    /**
     * Removes a declared incident whose channel could not be created, so nothing is left
     * half-written. Returns false when it has a channel after all (or is already gone).
     */
    public boolean abandon(String teamId, long number) {
        return jdbi.inTransaction(h -> {
            IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
            if (incidents.lockAwaitingChannel(teamId, number).isEmpty()) {
                return false;
            }
            return incidents.delete(teamId, number) == 1;
        });
    }

    /** Declared incidents still without a channel, declared before {@code before} (left by a stopped process). */
    public List<Incident> awaitingChannel(Instant before) {
        return jdbi.withHandle(h -> AttachedRepositories.of(h, IncidentRepository.class).listAwaitingChannel(before));
    }

    /** Queues a direct message to someone (when there is no command to reply to). */
    public void tell(String teamId, String userId, String dedupeKey, String text) {
        jdbi.useTransaction(h -> new Outbox(h, teamId).postDirectMessage(dedupeKey, userId, text, null));
        effectsQueued.run();
    }

    // ------------------------------------------------------------------ lifecycle

    public String changeStatus(Invocation inv, IncidentStatus to) {
        if (to == IncidentStatus.RESOLVED) {
            return resolve(inv);
        }
        return change(inv, (h, inc) -> {
            if (inc.status() == to) {
                throw new CommandException(inc.key() + " is already *" + to.code() + "*.");
            }
            AttachedRepositories.of(h, IncidentRepository.class).updateStatus(inv.teamId(), inc.number(), to, clock.instant());
            Incident after = reload(h, inc);
            TimelineEntry e = entry(h, inv, inc, EntryKind.STATUS, inc.status().code() + " → " + to.code());
            Outbox o = new Outbox(h, inv.teamId());
            announce(o, after, e, messages.statusChanged(inc, after, inv.userId()), null);
            updateTopic(h, o, after, e);
            return after.key() + " is now *" + to.code() + "*" + reopened(inc, after) + ".";
        });
    }

    public String resolve(Invocation inv) {
        return change(inv, (h, inc) -> {
            if (inc.status() == IncidentStatus.RESOLVED) {
                throw new CommandException(inc.key() + " is already resolved. To reopen it: "
                        + "`/incident status investigating`");
            }
            Instant now = clock.instant();
            AttachedRepositories.of(h, IncidentRepository.class).updateStatus(inv.teamId(), inc.number(), IncidentStatus.RESOLVED, now);
            Incident after = reload(h, inc);
            TimelineEntry e = entry(h, inv, inc, EntryKind.RESOLVED,
                    "Resolved after " + DurationText.format(after.duration(now)));
            int open = (int) AttachedRepositories.of(h, ActionItemRepository.class).listForIncident(inv.teamId(), inc.number())
                    .stream().filter(ActionItem::isOpen).count();
            Outbox o = new Outbox(h, inv.teamId());
            announce(o, after, e, messages.resolved(after, inv.userId(), now, open), null);
            Announcements.resolved(h, settings, after, now, e.id());
            updateTopic(h, o, after, e);
            return after.key() + " is resolved. Write the retro with `/incident rootcause`, `/incident action` and"
                    + " `/incident export`.";
        });
    }

    public String setSeverity(Invocation inv, Severity to) {
        return change(inv, (h, inc) -> {
            if (inc.severity() == to) {
                throw new CommandException(inc.key() + " is already " + to.label() + ".");
            }
            AttachedRepositories.of(h, IncidentRepository.class).updateSeverity(inv.teamId(), inc.number(), to);
            Incident after = reload(h, inc);
            TimelineEntry e = entry(h, inv, inc, EntryKind.SEVERITY, inc.severity().label() + " → " + to.label());
            Outbox o = new Outbox(h, inv.teamId());
            announce(o, after, e, messages.severityChanged(inc, after, inv.userId()), null);
            Announcements.severityChanged(h, settings, inc.severity(), after, e.id());
            updateTopic(h, o, after, e);
            return after.key() + " is now " + to.label() + ".";
        });
    }

    public String setCommander(Invocation inv, String userId) {
        return change(inv, (h, inc) -> {
            if (userId.equals(inc.commanderId())) {
                throw new CommandException(mention(userId) + " is already the commander of " + inc.key() + ".");
            }
            AttachedRepositories.of(h, IncidentRepository.class).setCommander(inv.teamId(), inc.number(), userId);
            Incident after = reload(h, inc);
            TimelineEntry e = entry(h, inv, inc, EntryKind.ROLE, "Commander: " + mention(userId)
                    + (inc.commanderId() == null ? "" : " (was " + mention(inc.commanderId()) + ")"));
            Outbox o = new Outbox(h, inv.teamId());
            o.invite("entry-" + e.id() + ":invite", inc.channelId(), userId);
            announce(o, after, e, messages.commanderChanged(after, inc.commanderId(), userId, inv.userId()), null);
            updateTopic(h, o, after, e);
            return mention(userId) + " is now the commander of " + after.key() + ".";
        });
    }

    public String setDri(Invocation inv, String userId) {
        return change(inv, (h, inc) -> {
            if (userId.equals(inc.driId())) {
                throw new CommandException(mention(userId) + " is already the DRI of " + inc.key() + ".");
            }
            AttachedRepositories.of(h, IncidentRepository.class).setDri(inv.teamId(), inc.number(), userId);
            TimelineEntry e = entry(h, inv, inc, EntryKind.ROLE, "DRI: " + mention(userId)
                    + (inc.driId() == null ? "" : " (was " + mention(inc.driId()) + ")"));
            Outbox o = new Outbox(h, inv.teamId());
            o.invite("entry-" + e.id() + ":invite", inc.channelId(), userId);
            announce(o, inc, e, messages.driChanged(inc, userId, inv.userId()), null);
            return mention(userId) + " is now the DRI of " + inc.key() + ".";
        });
    }

    // ------------------------------------------------------------------ notes and retro fields

    public String note(Invocation inv, String text) {
        return change(inv, (h, inc) -> {
            TimelineEntry e = entry(h, inv, inc, EntryKind.NOTE, text);
            announce(new Outbox(h, inv.teamId()), inc, e, messages.note(text, inv.userId()), null);
            return "Noted on the timeline of " + inc.key() + ".";
        });
    }

    // ------------------------------------------------------------------ action items

    // ------------------------------------------------------------------ reading

    public String timeline(Invocation inv, int limit) {
        return read(inv, (h, inc) -> {
            VisibilityPolicy.requireVisible(h, inc, inv.userId(), "timeline");
            List<TimelineEntry> entries = AttachedRepositories.of(h, TimelineRepository.class)
                    .listLatest(inv.teamId(), inc.number(), limit);
            if (entries.isEmpty()) {
                return "The timeline of " + inc.key() + " is empty.";
            }
            Map<String, SlackUser> users = AttachedRepositories.of(h, SlackUserRepository.class).byId(inv.teamId());
            StringBuilder b = new StringBuilder("*Timeline of " + inc.key() + "*, latest " + entries.size()
                    + " entries (times in " + zone.getId() + ")\n");
            for (TimelineEntry e : entries) {
                b.append('`').append(ENTRY_TIME.format(e.occurredAt().atZone(zone))).append("` *")
                        .append(e.kind().label()).append("* · ").append(author(e.authorId(), users)).append(" · ")
                        .append(SlackText.shorten(SlackText.oneLine(e.text()), 300));
                if (e.permalink() != null) {
                    b.append(" <").append(e.permalink()).append("|link>");
                }
                b.append('\n');
            }
            b.append("Tag more by reacting to messages: ").append(messages.reactionSheet());
            return b.toString();
        });
    }

    /**
     * The incident of the channel a command ran in, read in the caller's transaction without
     * locking its row: for commands that queue their work (the retro export) instead of changing it.
     */
    Incident incidentInChannel(Handle h, Invocation inv) {
        return tx.incidentOf(h, inv, false);
    }

    /** Open incidents, most severe first; private ones are listed only for the people involved. */
    public String listOpen(String teamId, String userId) {
        return jdbi.inTransaction(h -> {
            IncidentViewer viewer = VisibilityPolicy.viewer(h, teamId, userId);
            List<Incident> open = AttachedRepositories.of(h, IncidentRepository.class).listOpen(teamId);
            List<Incident> visible = open.stream().filter(viewer::canSee).toList();
            int hidden = open.size() - visible.size();
            if (open.isEmpty()) {
                return "No open incidents. Declare one with `/incident declare <title> [sev1-sev4]`.";
            }
            Instant now = clock.instant();
            StringBuilder b = new StringBuilder("*Open incidents* (" + open.size() + ")\n");
            visible.stream().limit(MAX_LISTED).forEach(i -> b.append("• ").append(listRow(i, now)).append('\n'));
            if (visible.size() > MAX_LISTED) {
                b.append("…and ").append(visible.size() - MAX_LISTED).append(" more\n");
            }
            if (hidden > 0) {
                b.append("• :lock: ").append(hidden).append(" private incident").append(hidden == 1 ? "" : "s")
                        .append(" you are not part of\n");
            }
            return b.toString().stripTrailing();
        });
    }

    /** One incident as a list row: {@code *INC-7* SEV2 · identified · #channel · title · open 2h · IC @x}. */
    public String listRow(Incident i, Instant now) {
        return "*" + i.key() + "* " + i.severity().label() + " · " + i.status().code() + " · "
                + (i.channelId() == null ? "_channel being created_" : SlackText.channel(i.channelId())) + " · "
                + SlackText.shorten(SlackText.oneLine(i.title()), 120) + " · open "
                + DurationText.format(i.duration(now))
                + (i.commanderId() == null ? "" : " · IC " + mention(i.commanderId()))
                + (i.isPrivate() ? " · :lock:" : "");
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a change on the channel's incident, its row locked, in one transaction; wakes the effect worker after. */
    private String change(Invocation inv, BiFunction<Handle, Incident, String> work) {
        return tx.change(inv, work);
    }

    private String read(Invocation inv, BiFunction<Handle, Incident, String> work) {
        return tx.read(inv, work);
    }

    private Incident reload(Handle h, Incident inc) {
        return AttachedRepositories.of(h, IncidentRepository.class).find(inc.teamId(), inc.number()).orElseThrow();
    }

    private TimelineEntry entry(Handle h, Invocation inv, Incident inc, EntryKind kind, String text) {
        return tx.entry(h, inv, inc, kind, text);
    }

    /** Posts the line announcing a change in the incident's channel, once per timeline entry. */
    private void announce(Outbox o, Incident inc, TimelineEntry cause, String text, String blocksJson) {
        tx.announce(o, inc, cause, text, blocksJson);
    }

    private void updateTopic(Handle h, Outbox o, Incident inc, TimelineEntry cause) {
        if (inc.channelId() != null) {
            o.setTopic("entry-" + cause.id() + ":topic", inc.channelId(),
                    messages.topic(inc, label(h, inc.teamId(), inc.commanderId())));
        }
    }

    /** {@code @display name} when the profile is cached, otherwise the mention. */
    private static String label(Handle h, String teamId, String userId) {
        if (userId == null) {
            return "nobody";
        }
        return AttachedRepositories.of(h, SlackUserRepository.class).find(teamId, userId).map(u -> "@" + u.label())
                .orElse(mention(userId));
    }

    private static String author(String authorId, Map<String, SlackUser> users) {
        if (authorId == null) {
            return "bot";
        }
        SlackUser u = users.get(authorId);
        if (u != null) {
            return SlackText.escape(u.label());
        }
        return authorId.startsWith("U") || authorId.startsWith("W") ? mention(authorId) : "app";
    }

    private static String reopened(Incident before, Incident after) {
        return before.status() == IncidentStatus.RESOLVED && after.isOpen() ? " (reopened)" : "";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
