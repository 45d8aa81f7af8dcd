package dev.incidenttimeline.bot.capture.importer;

import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.bot.capture.live.MessageContent;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Turns one channel of a Slack workspace export into an incident, as if the bot had been
 * in the channel all along: every message goes through {@link TimelineCapture} exactly
 * like live capture, tagging reactions become timeline entries (one per reacting person,
 * source {@code import}), {@code :memo:}-style action messages become action items, and
 * the people who joined or spoke become participants.
 *
 * <p>Importing is idempotent: the incident is found again by workspace and channel id, and
 * every write underneath is keyed by message, so importing the same export twice changes
 * nothing and a later export of the same channel adds only what is new. The export is read
 * and checked completely first, then everything is written in one transaction.
 */
public final class SlackExportImporter {
    /** The workspace id used when neither {@code --team} nor {@code users.json} gives one. */
    public static final String FALLBACK_TEAM_ID = "T-IMPORT";
    /** Who "declared" an imported incident when the export does not say who created the channel. */
    static final String IMPORTER = "import";
    private static final Pattern SEV_TOKEN = Pattern.compile("(?i)\\bsev\\s?([1-4])\\b");
    private static final Pattern LEADING_SEV = Pattern.compile("(?i)^\\s*\\[?sev\\s?[1-4]\\]?(?:\\s*[·:|,\\-–—]+)?\\s*");
    private static final Pattern TRAILING_SEV = Pattern.compile("(?i)\\s*(?:[·:|,\\-–—]+\\s*)?\\[?sev\\s?[1-4]\\]?\\s*$");
    private static final int MAX_TITLE = 200;

    private final Jdbi jdbi;
    private final TimelineCapture capture;

    public SlackExportImporter(Jdbi jdbi, TimelineCapture capture) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.capture = Objects.requireNonNull(capture, "capture");
    }

    /**
     * Reads and checks one channel of an export (a {@code .zip} or an unpacked folder)
     * without touching the database.
     *
     * @param channel  the channel's name (with or without {@code #}) or id
     * @param progress gets a progress line every few day files and at the end
     * @throws DomainException naming the file when the export is not a Slack export, lacks
     *                         the channel, holds malformed JSON or a zip entry that leaves it
     */
    public static ChannelExport read(Path export, String channel, Consumer<String> progress) {
        try (ExportArchive archive = ExportArchive.open(export)) {
            return new SlackExportReader(archive).read(channel, progress);
        }
    }

    /** Reads the export, then writes it; see {@link #read} and {@link #write}. */
    public ImportSummary importChannel(Path export, String channel, ImportOptions options,
            Consumer<String> progress) {
        return write(read(export, channel, progress), options);
    }

    /** Writes a channel that was read with {@link #read}, in one transaction. */
    public ImportSummary write(ChannelExport data, ImportOptions options) {
        if (data.messages().isEmpty()) {
            throw new DomainException("#" + data.channel().name() + " in " + data.exportName()
                    + " has no messages with a timestamp; there is nothing to import");
        }
        return jdbi.inTransaction(h -> new Run(h, data, options).write());
    }

    /** The workspace: {@code --team}, else the first member's team in {@code users.json}. */
    static String teamId(ChannelExport data, ImportOptions options) {
        return options.teamId()
                .or(() -> data.users().stream().map(ExportUser::teamId).filter(Objects::nonNull)
                        .filter(t -> !t.isBlank()).findFirst())
                .orElse(FALLBACK_TEAM_ID);
    }

    /** The channel topic, else its purpose, else its name; a sev token in it is the severity, not the title. */
    static String titleOf(ExportChannel channel) {
        for (String candidate : new String[] {channel.topic(), channel.purpose()}) {
            if (candidate == null) {
                continue;
            }
            String t = TRAILING_SEV.matcher(LEADING_SEV.matcher(candidate).replaceFirst("")).replaceFirst("").strip();
            if (!t.isEmpty()) {
                return shorten(t);
            }
        }
        return shorten(channel.name());
    }

    /** A {@code sev1}…{@code sev4} token in the channel topic (or purpose). */
    static Optional<Severity> severityOf(ExportChannel channel) {
        for (String candidate : new String[] {channel.topic(), channel.purpose()}) {
            if (candidate != null) {
                Matcher m = SEV_TOKEN.matcher(candidate);
                if (m.find()) {
                    return Optional.of(Severity.ofLevel(m.group(1).charAt(0) - '0'));
                }
            }
        }
        return Optional.empty();
    }

    private static String shorten(String title) {
        String t = title.replaceAll("\\s+", " ").strip();
        return t.length() <= MAX_TITLE ? t : t.substring(0, MAX_TITLE - 1).strip() + "…";
    }

    /** The permalink Slack's {@code chat.getPermalink} gives a message, when the workspace URL is known. */
    static String permalink(Optional<String> workspaceUrl, String channelId, String ts, String threadTs) {
        if (workspaceUrl.isEmpty()) {
            return null;
        }
        String link = workspaceUrl.get() + "/archives/" + channelId + "/p" + ts.replace(".", "");
        if (threadTs != null && !threadTs.equals(ts)) {
            link += "?thread_ts=" + threadTs + "&cid=" + channelId;
        }
        return link;
    }

    /** One import, inside its transaction. */
    private final class Run {
        private final Handle h;
        private final ChannelExport data;
        private final ImportOptions options;
        private final ExportChannel channel;
        private final String team;
        private final IncidentRepository incidents;
        private final TimelineRepository timeline;
        private final MessageCacheRepository cache;
        private final Set<String> botUserIds = new HashSet<>();
        private int otherChanges;

        Run(Handle h, ChannelExport data, ImportOptions options) {
            this.h = h;
            this.data = data;
            this.options = options;
            this.channel = data.channel();
            this.team = teamId(data, options);
            this.incidents = AttachedRepositories.of(h, IncidentRepository.class);
            this.timeline = AttachedRepositories.of(h, TimelineRepository.class);
            this.cache = AttachedRepositories.of(h, MessageCacheRepository.class);
        }

        ImportSummary write() {
            saveUsers();
            Optional<Incident> existing = incidents.findByChannel(team, channel.id());
            Incident inc = existing.orElseGet(this::createIncident);
            Counts before = counts(inc);

            declaredOnce(inc);
            for (ExportMessage m : data.messages()) {
                capture(inc, m);
            }
            if (!data.messages().isEmpty()) {
                // Reconciliation of a live channel resumes after the last imported message.
                incidents.advanceLastMessageTs(team, inc.number(), data.messages().get(data.messages().size() - 1).ts());
            }
            resolve(inc);

            Incident after = incidents.find(team, inc.number()).orElseThrow();
            Counts now = counts(after);
            int flagged = Math.max(0, before.entries() - now.entries());
            return new ImportSummary(after, existing.isEmpty(),
                    now.messages(), Math.max(0, now.messages() - before.messages()),
                    now.entries(), Math.max(0, now.entries() - before.entries()),
                    now.actionItems(), now.actionItems() - before.actionItems(),
                    now.participants(), now.participants() - before.participants(),
                    otherChanges + flagged);
        }

        /** Members (named by display name, then real name, then id), and the apps that posted under a name. */
        private void saveUsers() {
            SlackUserRepository users = AttachedRepositories.of(h, SlackUserRepository.class);
            Set<String> known = new HashSet<>();
            for (ExportUser u : data.users()) {
                users.upsert(new SlackUser(team, u.id(), u.displayName(), u.realName(), u.tz(), u.isBot()));
                known.add(u.id());
                if (u.isBot()) {
                    botUserIds.add(u.id());
                }
            }
            Map<String, String> appNames = new LinkedHashMap<>();
            for (ExportMessage m : data.messages()) {
                if ("bot_add".equals(m.subtype())) {
                    // "added an integration to this channel: <…/services/B0JL6RASU|github>": older app
                    // messages carry only the bot id, and this is the one place that names it.
                    MessageContent.botAdded(m.text()).filter(b -> !known.contains(b[0]))
                            .ifPresent(b -> appNames.putIfAbsent(b[0], b[1]));
                }
                if (m.botId() != null && m.username() != null && !m.username().isBlank() && !known.contains(m.botId())) {
                    appNames.put(m.botId(), m.username().strip());
                }
            }
            // An app's message has no user, only its bot id: naming the bot id lets exports show "PagerBot".
            appNames.forEach((botId, name) -> users.upsert(new SlackUser(team, botId, name, null, null, true)));
        }

        private Incident createIncident() {
            ExportMessage first = data.messages().get(0);
            Instant firstAt = SlackTs.toInstant(first.ts());
            // Titles are stored as Slack sends text (&, < and > escaped); a typed --title is raw.
            String title = options.title().map(t -> shorten(SlackText.escape(t))).orElseGet(() -> titleOf(channel));
            Severity severity = options.severity().or(() -> severityOf(channel)).orElse(Severity.SEV3);
            String createdBy = Optional.ofNullable(channel.creatorId())
                    .or(() -> data.messages().stream().filter(this::isPerson).map(ExportMessage::userId).findFirst())
                    .orElse(IMPORTER);
            Incident created = incidents.createImported(
                    new NewIncident(team, title, severity, channel.isPrivate(), null, createdBy, firstAt, null),
                    firstAt);
            incidents.setChannel(team, created.number(), channel.id(), channel.name());
            return incidents.find(team, created.number()).orElseThrow();
        }

        private void declaredOnce(Incident inc) {
            if (hasEntry(inc, EntryKind.DECLARED)) {
                return;
            }
            timeline.append(team, NewEntry.of(inc.number(), EntryKind.DECLARED, EntrySource.IMPORT,
                    inc.declaredAt(), inc.createdBy().equals(IMPORTER) ? null : inc.createdBy(),
                    "Declared " + inc.severity().label() + ": " + inc.title()));
        }

        private void capture(Incident inc, ExportMessage m) {
            Instant at = SlackTs.toInstant(m.ts());
            CachedMessage message = new CachedMessage(team, channel.id(), m.ts(), m.threadTs(), m.userId(),
                    m.botId(), m.subtype(), m.text(), m.files(), m.editedTs(), m.isTombstone(),
                    permalink(data.workspaceUrl(), channel.id(), m.ts(), m.threadTs()), at);
            Optional<CachedMessage> cached = cache.find(team, channel.id(), m.ts());
            if (cached.isPresent() && m.editedTs() != null && !m.editedTs().equals(cached.get().editedTs())) {
                // Edited since the last import: entries take the new text and keep the old one as a revision.
                String editor = m.editedBy() != null ? m.editedBy() : m.userId();
                otherChanges += capture.messageEdited(h, inc, message, editor, SlackTs.toInstant(m.editedTs()));
            } else {
                capture.messagePosted(h, inc, message);
            }
            if (m.isTombstone()) {
                otherChanges += capture.messageDeleted(h, inc, channel.id(), m.ts(), at);
                return;
            }
            if (isPerson(m)) {
                // A join is when someone arrived; otherwise their first message is the first we know of them.
                capture.participantJoined(h, inc, m.userId(), at, EntrySource.IMPORT);
            }
            List<ExportMessage.Reaction> tags = m.reactions().stream()
                    .filter(r -> capture.reactions().kindOf(r.name()).isPresent()).toList();
            if (tags.isEmpty()) {
                return;
            }
            // Tag what is stored (a message deleted since, stays deleted).
            CachedMessage stored = cache.find(team, channel.id(), m.ts()).orElse(message);
            for (ExportMessage.Reaction r : tags) {
                for (String user : r.users()) {
                    // Exports do not say when a reaction was added; the message's own time is the best we know.
                    capture.tagged(h, inc, stored, r.name(), user, at, EntrySource.IMPORT);
                }
            }
        }

        /** A person's own message or join (not an app's, not a bot user's). */
        private boolean isPerson(ExportMessage m) {
            return m.userId() != null && !m.isFromBot() && !botUserIds.contains(m.userId()) && !m.isTombstone()
                    && !"USLACKBOT".equals(m.userId());
        }

        /**
         * Resolved at the last message unless {@code keepOpen}. A later export of the same
         * channel moves an imported resolution to its new last message; a resolution made
         * in Slack stays as it was.
         */
        private void resolve(Incident inc) {
            if (options.keepOpen()) {
                return;
            }
            Instant last = SlackTs.toInstant(data.messages().get(data.messages().size() - 1).ts());
            Incident current = incidents.find(team, inc.number()).orElseThrow();
            Optional<TimelineEntry> resolved = timeline.listAllForIncident(team, inc.number()).stream()
                    .filter(e -> e.kind() == EntryKind.RESOLVED && !e.deleted())
                    .max(Comparator.comparing(TimelineEntry::occurredAt));
            if (current.status() != IncidentStatus.RESOLVED) {
                incidents.updateStatus(team, inc.number(), IncidentStatus.RESOLVED, last);
                timeline.append(team, NewEntry.of(inc.number(), EntryKind.RESOLVED, EntrySource.IMPORT, last, null,
                        "Resolved"));
                otherChanges++;
            } else if (resolved.isPresent() && resolved.get().source() == EntrySource.IMPORT
                    && current.resolvedAt().isBefore(last)) {
                incidents.updateStatus(team, inc.number(), IncidentStatus.RESOLVED, last);
                moveEntry(resolved.get().id(), last);
                otherChanges++;
            }
        }

        private void moveEntry(long entryId, Instant to) {
            timeline.moveEntry(team, entryId, to, IMPORTER, to);
        }

        private boolean hasEntry(Incident inc, EntryKind kind) {
            return timeline.listAllForIncident(team, inc.number()).stream().anyMatch(e -> e.kind() == kind);
        }

        private Counts counts(Incident inc) {
            return new Counts(cache.count(team, channel.id()),
                    timeline.listForIncident(team, inc.number()).size(),
                    AttachedRepositories.of(h, ActionItemRepository.class).listForIncident(team, inc.number()).size(),
                    AttachedRepositories.of(h, ParticipantRepository.class).list(team, inc.number()).size());
        }
    }

    private record Counts(int messages, int entries, int actionItems, int participants) {
    }
}
