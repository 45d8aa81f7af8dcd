package dev.incidenttimeline.bot.people;

import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.EventDispatcher;
import dev.incidenttimeline.bot.slack.SlackProfiles;
import dev.incidenttimeline.store.SlackUserRepository;

/**
 * Keeps cached profiles fresh: a {@code user_change} event carries the whole user, so a
 * renamed member reads under the new name in the next document, with no Web API call.
 */
public final class ProfilesFeature implements BotFeature {

    @Override
    public void registerEvents(EventDispatcher events) {
        events.on("user_change", (h, event) -> {
            if (!event.event().path("user").hasNonNull("id")) {
                return;
            }
            h.attach(SlackUserRepository.class)
                    .upsert(SlackProfiles.fromUserJson(event.teamId(), event.event().path("user")));
        });
    }
}
