package dev.incidenttimeline.bot.slack;

import com.slack.api.methods.response.bots.BotsInfoResponse.Bot;
import com.slack.api.model.User;
import dev.incidenttimeline.domain.SlackUser;

/**
 * Slack's user and bot objects as the bot's cached profiles. Pure: the same fields from a
 * {@code users.info} response and a {@code user_change} event (both the SDK's {@code User}), and {@code bots.info}.
 */
public final class SlackProfiles {
    private SlackProfiles() {
    }

    /** A {@code users.info} user. */
    public static SlackUser fromUser(String teamId, User u) {
        User.Profile p = u.getProfile();
        return new SlackUser(teamId, u.getId(), blankToNull(p == null ? null : p.getDisplayName()),
                blankToNull(u.getRealName() != null ? u.getRealName() : p == null ? null : p.getRealName()),
                blankToNull(u.getTz()), u.isBot(), blankToNull(p == null ? null : p.getEmail()), u.isDeleted(), null);
    }

    /** A {@code bots.info} bot: its name, and the app it belongs to when Slack names one. */
    public static SlackUser fromBot(String teamId, String botId, Bot b) {
        return new SlackUser(teamId, botId, blankToNull(b.getName()), null, null, true, null, false, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
