package dev.incidenttimeline.bot.visibility;

import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.ChannelMemberRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Who may see a private incident: the current members of its channel, and nobody else (not
 * a commander who has left, not the declarer once removed). Every reader asks here: list,
 * App Home, timeline, export, reports, reminders.
 *
 * <p>Membership is kept from {@code member_joined_channel} and {@code member_left_channel};
 * when it is unknown for a viewer, {@link #recheck} asks Slack ({@code conversations.members})
 * at most once per channel per {@link #RECHECK_EVERY}, outside any transaction.
 */
public final class VisibilityPolicy {
    /** How long a channel's member list fetched on a miss is trusted before it is asked again. */
    public static final Duration RECHECK_EVERY = Duration.ofMinutes(5);

    private final Map<String, Instant> lastRecheck = new ConcurrentHashMap<>();

    /** What the viewer may see, from what the database knows (call inside the reader's transaction). */
    public static IncidentViewer viewer(Handle h, String teamId, String userId) {
        ChannelMemberRepository members = AttachedRepositories.of(h, ChannelMemberRepository.class);
        return new IncidentViewer(userId,
                new HashSet<>(members.listChannelsOf(teamId, userId)),
                new HashSet<>(members.listChannelsNotOf(teamId, userId)),
                new HashSet<>(AttachedRepositories.of(h, ParticipantRepository.class).listIncidentNumbersOf(teamId, userId)));
    }

    /**
     * Asks Slack for the members of the open private incidents' channels where it is not
     * known whether {@code userId} is in, unless asked recently. Makes Slack calls: never call
     * it with a transaction open.
     *
     * @param members a channel's full member list from Slack ({@code conversations.members})
     */
    public void recheck(Jdbi jdbi, Clock clock, String teamId, String userId,
            BiFunction<String, String, List<String>> members) {
        Instant now = clock.instant();
        List<String> unknown = jdbi.withHandle(h -> unknownChannels(h, teamId, userId, now));
        for (String channel : unknown) {
            List<String> current = members.apply(teamId, channel);
            lastRecheck.put(teamId + "/" + channel, now);
            jdbi.useTransaction(h -> {
                ChannelMemberRepository repo = AttachedRepositories.of(h, ChannelMemberRepository.class);
                repo.replaceMembers(teamId, channel, current, now);
                if (!current.contains(userId)) {
                    repo.set(teamId, channel, userId, false, now);
                }
            });
        }
    }

    /**
     * Whether {@link #recheck} would ask Slack about {@code userId}: a reader inside a
     * transaction (App Home) uses it to decide whether to recheck after its commit.
     */
    public boolean needsRecheck(Handle h, Clock clock, String teamId, String userId) {
        return !unknownChannels(h, teamId, userId, clock.instant()).isEmpty();
    }

    /** Open private incidents' channels where it is not known whether the user is in, and not asked recently. */
    private List<String> unknownChannels(Handle h, String teamId, String userId, Instant now) {
        ChannelMemberRepository known = AttachedRepositories.of(h, ChannelMemberRepository.class);
        return AttachedRepositories.of(h, IncidentRepository.class).listOpen(teamId).stream()
                .filter(Incident::isPrivate)
                .map(Incident::channelId)
                .filter(c -> c != null && known.isMember(teamId, c, userId).isEmpty())
                .filter(c -> {
                    Instant last = lastRecheck.get(teamId + "/" + c);
                    return last == null || !last.plus(RECHECK_EVERY).isAfter(now);
                })
                .toList();
    }

    /**
     * Refuses to show one incident's content (timeline, retro) to someone who may not see it.
     *
     * @param what what was asked for, for the reply ("timeline", "retro")
     */
    public static void requireVisible(Handle h, Incident incident, String userId, String what) {
        if (!viewer(h, incident.teamId(), userId).canSee(incident)) {
            throw new CommandException(incident.key() + " is private and you are not a member of its channel,"
                    + " so its " + what + " is not shown to you. Ask its commander to add you to the channel.");
        }
    }

    /** Where a report that spans many incidents (the weekly review) is going. */
    public enum ReportAudience {
        /** Any Slack channel, {@code REPORT_CHANNEL} or the one {@code /incident report} ran in. */
        SLACK_CHANNEL,
        /** The CLI's output, read by whoever runs it against the database (and can read every row anyway). */
        OPERATOR
    }

    /**
     * Whether a weekly report may name private incidents (title, owners, due dates) or only
     * count them. A report covers every incident of the week, so even one posted in a private
     * incident's own channel would show the others: in Slack it counts them only, always.
     */
    public static boolean reportNamesPrivate(ReportAudience audience) {
        return audience == ReportAudience.OPERATOR;
    }
}
