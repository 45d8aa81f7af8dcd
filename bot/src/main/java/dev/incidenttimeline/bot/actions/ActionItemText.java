package dev.incidenttimeline.bot.actions;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an action item as people write it, in {@code /incident action} and in
 * messages tagged as actions: {@code <what> @owner [due <date>]}, optionally with an
 * {@code Action:} prefix and an {@code owner} word before the mention
 * ({@code Action: pin sidecars by digest — owner <@U4> due 2026-11-19}).
 */
public record ActionItemText(String text, String ownerId, String duePhrase) {
    /** A user mention as Slack writes it in text: {@code <@U123>} or {@code <@U123|name>}. */
    static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]{1,20})(?:\\|[^>]*)?>");
    /** {@code due <phrase>} at the end; a phrase never holds a mention, so "what was due <@U1>" is text. */
    private static final Pattern DUE = Pattern.compile("(?i)(?:^|\\s)due\\s*:?\\s+([^<]+)$");
    private static final Pattern PREFIX = Pattern.compile("(?i)^\\s*(?:action(?:\\s+item)?|todo|ai)\\s*[:\\-–—]\\s*");
    private static final Pattern OWNER_PHRASE = Pattern.compile(
            "(?i)[\\s,;:(\\-–—]*\\b(?:owner|dri|assignee)\\s*:?\\s*<@([UW][A-Z0-9]{1,20})(?:\\|[^>]*)?>");
    private static final Pattern LEADING = Pattern.compile("^[\\s,;:)\\-–—]+");
    private static final Pattern TRAILING = Pattern.compile("[\\s,;:(\\-–—]+$");

    /** Splits raw text into what, owner (the last mention) and the due phrase; nothing is checked. */
    public static ActionItemText split(String raw) {
        String s = raw == null ? "" : raw.strip();
        s = PREFIX.matcher(s).replaceFirst("");
        String due = null;
        Matcher d = DUE.matcher(s);
        if (d.find()) {
            due = d.group(1).strip();
            s = s.substring(0, d.start()).strip();
        }
        String owner = null;
        Matcher named = OWNER_PHRASE.matcher(s);
        if (named.find()) {
            // "… — owner <@U4>, date tbd": the named owner leaves the text, the rest stays.
            owner = named.group(1);
            String after = LEADING.matcher(s.substring(named.end())).replaceFirst("");
            s = s.substring(0, named.start()).strip() + (after.isBlank() ? "" : ", " + after.strip());
        } else {
            Matcher m = MENTION.matcher(s);
            int start = -1;
            int end = -1;
            while (m.find()) {
                owner = m.group(1);
                start = m.start();
                end = m.end();
            }
            if (owner != null && s.substring(end).isBlank()) {
                // "<what> @owner": the trailing mention is the owner.
                s = s.substring(0, start);
            }
            // Otherwise the last mention names the owner and stays part of the sentence.
        }
        s = TRAILING.matcher(s.strip()).replaceFirst("").strip();
        return new ActionItemText(s, owner, due);
    }

    /** The due date, read relative to {@code today}; empty when no {@code due} was given. */
    public Optional<LocalDate> dueDate(LocalDate today) {
        return duePhrase == null ? Optional.empty() : Optional.of(DueDateParser.parse(duePhrase, today));
    }
}
