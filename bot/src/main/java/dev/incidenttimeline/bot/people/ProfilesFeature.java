package dev.incidenttimeline.bot.people;

import com.slack.api.model.User;
import com.slack.api.model.event.UserChangeEvent;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.EventDispatcher;
import dev.incidenttimeline.bot.slack.SlackProfiles;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.SlackUserRepository;

/**
 * Keeps cached profiles fresh: a {@code user_change} event carries the whole user, so a
 * renamed member reads under the new name in the next document, with no Web API call.
 */
public final class ProfilesFeature implements BotFeature {

    @Override
    public void registerEvents(EventDispatcher events) {
        events.on(UserChangeEvent.class, (h, event) -> {
            User user = event.event().getUser();
            if (user == null || user.getId() == null) {
                return;
            }
            AttachedRepositories.of(h, SlackUserRepository.class).upsert(SlackProfiles.fromUser(event.teamId(), user));
        });
    }
}
