package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.methods.response.bots.BotsInfoResponse.Bot;
import com.slack.api.model.User;
import dev.incidenttimeline.domain.SlackUser;

/**
 * Slack's user and bot objects as the bot's cached profiles. Pure: the same fields from a
 * {@code users.info} response, a {@code user_change} event and {@code bots.info}.
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

    /** The {@code user} object of a {@code user_change} event. */
    public static SlackUser fromUserJson(String teamId, JsonNode u) {
        JsonNode p = u.path("profile");
        String realName = text(u, "real_name");
        return new SlackUser(teamId, u.path("id").asText(), text(p, "display_name"),
                realName != null ? realName : text(p, "real_name"), text(u, "tz"), u.path("is_bot").asBoolean(),
                text(p, "email"), u.path("deleted").asBoolean(), null);
    }

    /** A {@code bots.info} bot: its name, and the app it belongs to when Slack names one. */
    public static SlackUser fromBot(String teamId, String botId, Bot b) {
        return new SlackUser(teamId, botId, blankToNull(b.getName()), null, null, true, null, false, null);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : blankToNull(v.asText());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
