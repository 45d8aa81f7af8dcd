package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.ChannelMemberRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.Repositories;
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
        ChannelMemberRepository members = Repositories.of(h, ChannelMemberRepository.class);
        return new IncidentViewer(userId,
                new HashSet<>(members.listChannelsOf(teamId, userId)),
                new HashSet<>(members.listChannelsNotOf(teamId, userId)),
                new HashSet<>(Repositories.of(h, ParticipantRepository.class).listIncidentNumbersOf(teamId, userId)));
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
        List<String> unknown = jdbi.withHandle(h -> {
            ChannelMemberRepository known = Repositories.of(h, ChannelMemberRepository.class);
            return Repositories.of(h, IncidentRepository.class).listOpen(teamId).stream()
                    .filter(Incident::isPrivate)
                    .map(Incident::channelId)
                    .filter(c -> c != null && known.isMember(teamId, c, userId).isEmpty())
                    .toList();
        });
        Instant now = clock.instant();
        for (String channel : unknown) {
            Instant last = lastRecheck.get(teamId + "/" + channel);
            if (last != null && last.plus(RECHECK_EVERY).isAfter(now)) {
                continue;
            }
            List<String> current = members.apply(teamId, channel);
            lastRecheck.put(teamId + "/" + channel, now);
            jdbi.useTransaction(h -> {
                ChannelMemberRepository repo = Repositories.of(h, ChannelMemberRepository.class);
                repo.replaceMembers(teamId, channel, current, now);
                if (!current.contains(userId)) {
                    repo.set(teamId, channel, userId, false, now);
                }
            });
        }
    }
}
