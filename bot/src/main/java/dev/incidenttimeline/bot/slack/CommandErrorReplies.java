package dev.incidenttimeline.bot.slack;

import dev.incidenttimeline.domain.DomainException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure of {@code /incident} (or of its buttons and form) into
 * the ephemeral reply the user sees. Known domain errors say what was wrong and the right
 * form; Slack errors say what Slack refused and what to do about it; anything unexpected
 * gets an error id that is logged with the stack trace, so the user can quote it.
 */
public final class CommandErrorReplies {
    private static final Logger log = LoggerFactory.getLogger(CommandErrorReplies.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CommandErrorReplies() {
    }

    /**
     * @param what what was being done, for the log ({@code /incident note}, {@code action_done})
     */
    public static String reply(Throwable failure, String what) {
        Throwable e = unwrap(failure);
        if (e instanceof DomainException d) {
            return d.getMessage();
        }
        if (e instanceof SlackCallException s) {
            log.warn("{}: {} failed: {}", what, s.method(), s.error());
            return slackFailure(s);
        }
        String id = newErrorId();
        log.error("{} failed with error id {}", what, id, e);
        return "Something went wrong (error id " + id + "); nothing was changed. Try again, and if it keeps"
                + " failing, give the error id to whoever runs the bot.";
    }

    /** What a Slack refusal means for the user, and what to do next. */
    public static String slackFailure(SlackCallException e) {
        String error = e.error();
        return switch (error) {
            case "not_in_channel" -> "I'm not a member of this channel. Invite me with `/invite @incident-bot`"
                    + " and try again.";
            case "channel_not_found" -> "Slack can't find that channel for me: it may be private (invite me with"
                    + " `/invite @incident-bot`), archived or deleted.";
            case "is_archived" -> "That channel is archived; unarchive it first.";
            case "name_taken" -> "A channel with that name already exists; pick a different title.";
            case "restricted_action" -> "Your workspace settings don't allow me to do that (`restricted_action`),"
                    + " often because only admins may create channels. Ask a Slack admin to allow it.";
            case "missing_scope" -> "The Slack app is missing a permission for `" + e.method() + "`; reinstall it"
                    + " from slack-app-manifest.yml.";
            case "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired" ->
                    "The bot's Slack token is not valid any more (`" + error + "`); ask whoever runs the bot to"
                            + " reinstall the app and update SLACK_BOT_TOKEN.";
            case "expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id" ->
                    "The form took too long to open; run the command again.";
            case "user_not_found", "user_disabled", "cant_invite" -> "Slack wouldn't let me add that person to"
                    + " the channel (`" + error + "`).";
            case "ratelimited" -> "Slack is rate-limiting me right now; try again in "
                    + e.retryAfter().map(d -> d.toSeconds() + " seconds").orElse("a minute") + ".";
            default -> e.retryable()
                    ? "Slack didn't answer (`" + error + "` on `" + e.method() + "`); try again in a moment."
                    : "Slack refused `" + e.method() + "` (`" + error + "`). Try again; if it keeps failing, tell"
                            + " whoever runs the bot.";
        };
    }

    /** A short id such as {@code E-3f9a1c} to find a failure in the log. */
    static String newErrorId() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return "E-" + HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
    }

    /** The domain or Slack failure behind wrappers (executors, callbacks), or the failure itself. */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (t instanceof DomainException || t instanceof SlackCallException) {
                return t;
            }
        }
        return e;
    }
}
