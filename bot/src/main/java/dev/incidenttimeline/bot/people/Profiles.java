package dev.incidenttimeline.bot.people;

import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.SlackUserRepository;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Makes sure every member and bot the bot meets gets a name: the first time an id is seen
 * (a command, an event, a mention, an import) its profile is queued for reading with
 * {@code users.info} or {@code bots.info}. The read happens in the effect worker, never
 * while Slack waits for an answer; until it is done, and if it fails, documents show the
 * id. Documents look names up when they are rendered, so nothing freezes the id.
 */
public final class Profiles {
    private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]{2,})(?:\\|[^>]*)?>");
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern BOT_ID = Pattern.compile("B[A-Z0-9]{2,}");

    private Profiles() {
    }

    /** An author (member or bot) and everyone mentioned in {@code slackText}; either may be null. */
    public static void seen(Handle h, String teamId, String authorId, String slackText) {
        Set<String> ids = new LinkedHashSet<>();
        if (authorId != null) {
            ids.add(authorId);
        }
        ids.addAll(mentions(slackText));
        if (ids.isEmpty()) {
            return;
        }
        SlackUserRepository users = AttachedRepositories.of(h, SlackUserRepository.class);
        Outbox outbox = null;
        for (String id : ids) {
            boolean user = USER_ID.matcher(id).matches();
            if (!user && !BOT_ID.matcher(id).matches()) {
                continue;
            }
            Optional<SlackUser> known = users.find(teamId, id);
            if (known.isPresent() && known.get().hasName()) {
                continue;
            }
            outbox = outbox == null ? new Outbox(h, teamId) : outbox;
            if (user) {
                outbox.fetchUser(id);
            } else {
                outbox.fetchBot(id);
            }
        }
    }

    /**
     * An app's message named its bot ({@code username}, {@code bot_profile.name}): that name
     * is kept, and {@code bots.info} is asked only when no message ever named it.
     */
    public static void botNamed(Handle h, String teamId, String botId, String name) {
        if (botId == null) {
            return;
        }
        if (name == null || name.isBlank()) {
            seen(h, teamId, botId, null);
            return;
        }
        SlackUserRepository users = AttachedRepositories.of(h, SlackUserRepository.class);
        Optional<SlackUser> known = users.find(teamId, botId);
        if (known.isEmpty() || !name.strip().equals(known.get().displayName())) {
            users.upsert(new SlackUser(teamId, botId, name.strip(), null, null, true, null, false,
                    known.map(SlackUser::appName).orElse(null)));
        }
    }

    /** The member ids mentioned in Slack text ({@code <@U…>}, {@code <@U…|name>}), in order. */
    public static Set<String> mentions(String slackText) {
        Set<String> out = new LinkedHashSet<>();
        if (slackText == null || slackText.indexOf("<@") < 0) {
            return out;
        }
        Matcher m = MENTION.matcher(slackText);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
