package dev.incidenttimeline.bot.announce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.export.text.DurationText;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.SlackUserRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The announcements of {@code ANNOUNCE_CHANNEL}: one line each, with the key, title, severity,
 * commander and a link to the incident channel. Queued in the caller's transaction (the change
 * and its announcement commit together), each under a dedupe key, so it is posted once. A
 * private incident is never announced, and nothing is queued when the setting is unset.
 */
public final class Announcements {
    /** The Join button of a declare announcement; its value is the incident channel's id. */
    public static final String ACTION_JOIN = "announce_join";

    private Announcements() {
    }

    /** An incident was declared and its channel exists. */
    public static boolean declared(Handle h, Settings settings, Incident inc) {
        return post(h, settings, inc, "announce:" + inc.key() + ":declared",
                ":rotating_light: *" + inc.key() + " declared*", inc.key() + " declared", true);
    }

    /** Its severity changed; {@code cause} names the change (the timeline entry's id), so a retry posts once. */
    public static boolean severityChanged(Handle h, Settings settings, Severity before, Incident after, long cause) {
        return post(h, settings, after, "announce:" + after.key() + ":severity:" + cause,
                ":arrows_counterclockwise: *" + after.key() + "* " + before.label() + " → *" + after.severity().label()
                        + "*", after.key() + " " + before.label() + " → " + after.severity().label(), false);
    }

    /** It was resolved; {@code cause} as above (an incident can be reopened and resolved again). */
    public static boolean resolved(Handle h, Settings settings, Incident inc, Instant at, long cause) {
        return post(h, settings, inc, "announce:" + inc.key() + ":resolved:" + cause,
                ":white_check_mark: *" + inc.key() + " resolved* after " + DurationText.format(inc.duration(at)),
                inc.key() + " resolved after " + DurationText.format(inc.duration(at)), false);
    }

    private static boolean post(Handle h, Settings settings, Incident inc, String key, String lead, String plainLead,
            boolean join) {
        Optional<String> channel = settings.announceChannel();
        if (channel.isEmpty() || inc.isPrivate() || inc.channelId() == null) {
            return false;
        }
        String name = commander(h, inc);
        String title = SlackText.shortenPlain(SlackText.oneLine(SlackText.toPlain(inc.title())), 150);
        String line = lead + " · " + SlackText.escape(title) + " · " + inc.severity().label() + " · commander "
                + name + " · " + SlackText.channel(inc.channelId());
        String plain = plainLead + " · " + title + " · " + inc.severity().label() + " · commander " + name + " · #"
                + inc.channelName();
        List<ObjectNode> blocks = new ArrayList<>();
        if (join) {
            ObjectNode button = BlockKit.button("Join " + "#" + inc.channelName(), ACTION_JOIN, inc.channelId(),
                    "primary");
            button.put("url", channelUrl(inc.channelId()));
            blocks.add(BlockKit.section(line, button));
        } else {
            blocks.add(BlockKit.section(line));
        }
        return new Outbox(h, inc.teamId()).postMessage(key, channel.get(), plain,
                BlockKit.toJson(blocks), null);
    }

    /**
     * By name ({@code @alice}), not as a mention: a company-wide channel should not ping the
     * commander on every change. The mention only until the profile is known.
     */
    private static String commander(Handle h, Incident inc) {
        if (inc.commanderId() == null) {
            return "nobody yet";
        }
        return AttachedRepositories.of(h, SlackUserRepository.class).find(inc.teamId(), inc.commanderId())
                .map(SlackUser::label).map(l -> "@" + SlackText.escape(l))
                .orElse(SlackText.mention(inc.commanderId()));
    }

    static String channelUrl(String channelId) {
        return "https://slack.com/app_redirect?channel=" + channelId;
    }
}
