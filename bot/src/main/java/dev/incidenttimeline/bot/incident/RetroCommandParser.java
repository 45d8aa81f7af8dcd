package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.RetroNote;
import dev.incidenttimeline.domain.SlackTs;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The retro sub-commands of {@code /incident}: the key moments ({@code started},
 * {@code detected}, {@code mitigated}, {@code resolved-at}, or {@code moment <name> <time>}),
 * the causal chain ({@code chain}), contributing factors ({@code factor}, {@code factors})
 * and learnings ({@code learning}, {@code learnings}). Pure, like {@link CommandParser}.
 */
final class RetroCommandParser {
    static final String TIME_FORMS = "`09:05` (in TIMEZONE, on the incident's date), `2026-11-17 09:05`, `-15m`,"
            + " `-2h` or a message link";
    private static final Pattern CLOCK = Pattern.compile("([01]?[0-9]|2[0-3])[:.h]([0-5][0-9])");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:\\s+|T)([01]?[0-9]|2[0-3]):([0-5][0-9])");
    private static final Pattern RELATIVE = Pattern.compile("-\\s*(?:(\\d{1,3})\\s*h)?\\s*(?:(\\d{1,4})\\s*m(?:in)?)?");
    /** A message link as Slack sends it ({@code <url>} or {@code <url|label>}) or pasted bare. */
    private static final Pattern PERMALINK = Pattern.compile(
            "<?(https://[^\\s|>]*/archives/[A-Z0-9]+/p(\\d{10})(\\d{6})[^\\s|>]*)(?:\\|[^>]*)?>?");
    private static final Pattern NUMBER = Pattern.compile("#?([1-9][0-9]{0,5})");

    private final Clock clock;

    RetroCommandParser(Clock clock) {
        this.clock = clock;
    }

    // ------------------------------------------------------------------ key moments

    /** {@code moment <started|detected|mitigated|resolved> <time>}. */
    IncidentCommand moment(String rest) {
        String[] parts = rest.split("\\s+", 2);
        Optional<KeyMoment.Moment> which = parts[0].isEmpty() ? Optional.empty()
                : KeyMoment.Moment.parse(parts[0].replaceFirst("(?i)-at$", ""));
        if (which.isEmpty()) {
            throw new CommandException("`moment` needs which one (started, detected, mitigated or resolved) and a"
                    + " time: `/incident moment detected 09:22`");
        }
        return setMoment(which.get(), parts.length > 1 ? parts[1].strip() : "");
    }

    /** {@code started <time>} and the like; {@code mitigated} alone means now. */
    IncidentCommand setMoment(KeyMoment.Moment moment, String rest) {
        String word = commandWord(moment);
        if (rest.isEmpty()) {
            if (moment == KeyMoment.Moment.MITIGATED) {
                return new IncidentCommand.SetMoment(moment, new MomentTime.At(clock.instant(), "now"));
            }
            throw new CommandException("`" + word + "` needs a time: " + TIME_FORMS + ": `/incident " + word
                    + " 09:05`");
        }
        return new IncidentCommand.SetMoment(moment, time(word, rest));
    }

    static String commandWord(KeyMoment.Moment moment) {
        return moment == KeyMoment.Moment.RESOLVED ? "resolved-at" : moment.code();
    }

    private MomentTime time(String word, String rest) {
        String s = rest.strip();
        String example = ": `/incident " + word + " 09:05`";
        Matcher link = PERMALINK.matcher(s);
        if (link.matches()) {
            String ts = link.group(2) + "." + link.group(3);
            return new MomentTime.At(SlackTs.toInstant(ts), "the message at " + ts);
        }
        if (s.equalsIgnoreCase("now")) {
            return new MomentTime.At(clock.instant(), "now");
        }
        Matcher clockTime = CLOCK.matcher(s);
        if (clockTime.matches()) {
            return new MomentTime.TimeOfDay(LocalTime.of(Integer.parseInt(clockTime.group(1)),
                    Integer.parseInt(clockTime.group(2))));
        }
        Matcher dateTime = DATE_TIME.matcher(s);
        if (dateTime.matches()) {
            try {
                return new MomentTime.DateTime(LocalDateTime.of(LocalDate.of(Integer.parseInt(dateTime.group(1)),
                        Integer.parseInt(dateTime.group(2)), Integer.parseInt(dateTime.group(3))),
                        LocalTime.of(Integer.parseInt(dateTime.group(4)), Integer.parseInt(dateTime.group(5)))));
            } catch (DateTimeException e) {
                throw new CommandException("`" + CommandParser.snippet(s) + "` is not a real date; use " + TIME_FORMS
                        + example, e);
            }
        }
        Matcher relative = RELATIVE.matcher(s);
        if (relative.matches() && (relative.group(1) != null || relative.group(2) != null)) {
            long hours = relative.group(1) == null ? 0 : Long.parseLong(relative.group(1));
            long minutes = relative.group(2) == null ? 0 : Long.parseLong(relative.group(2));
            Duration ago = Duration.ofHours(hours).plusMinutes(minutes);
            return new MomentTime.At(clock.instant().minus(ago), s + " ago");
        }
        throw new CommandException("`" + CommandParser.snippet(s) + "` is not a time I understand; use " + TIME_FORMS
                + example);
    }

    // ------------------------------------------------------------------ chain, factors, learnings

    /** {@code chain <step>}, {@code chain} (list), {@code chain remove <n>}. */
    IncidentCommand chain(String rest) {
        return note(RetroNote.Section.CHAIN, "chain", rest,
                "The dns-cache 1.9.0 sidecar leaked memory until every task was OOM-killed");
    }

    /** {@code factor <text>}, {@code factor} (list), {@code factor remove <n>}. */
    IncidentCommand factor(String rest) {
        return note(RetroNote.Section.FACTOR, "factor", rest, "The sidecar image used a floating tag");
    }

    private IncidentCommand note(RetroNote.Section section, String word, String rest, String example) {
        if (rest.isEmpty()) {
            return new IncidentCommand.ListNotes(section);
        }
        Optional<Integer> removed = removal(word, rest);
        if (removed.isPresent()) {
            return new IncidentCommand.RemoveNote(section, removed.get());
        }
        return new IncidentCommand.AddNote(section, null, CommandParser.text(word, rest, example));
    }

    /** {@code learning went-well|went-wrong|lucky <text>}, {@code learning remove <n>}, {@code learning} (list). */
    IncidentCommand learning(String rest) {
        String form = "`/incident learning went-well The rollback ruled out the deploy in 20 minutes`"
                + " (or `went-wrong`, `lucky`)";
        if (rest.isEmpty()) {
            return new IncidentCommand.ListNotes(RetroNote.Section.LEARNING);
        }
        Optional<Integer> removed = removal("learning", rest);
        if (removed.isPresent()) {
            return new IncidentCommand.RemoveNote(RetroNote.Section.LEARNING, removed.get());
        }
        String[] parts = rest.split("\\s+", 2);
        Optional<RetroNote.Learning> category = RetroNote.Learning.parse(parts[0]);
        if (category.isEmpty()) {
            throw new CommandException("A learning is one of went-well, went-wrong or lucky, then the text: " + form);
        }
        String text = parts.length > 1 ? parts[1].strip() : "";
        if (text.isEmpty()) {
            throw new CommandException("`learning " + category.get().word() + "` needs some text: " + form);
        }
        return new IncidentCommand.AddNote(RetroNote.Section.LEARNING, category.get(),
                CommandParser.text("learning", text, "went-well The rollback ruled out the deploy"));
    }

    /** {@code remove <n>} (or {@code drop}, {@code rm}); empty when the text is not a removal. */
    private static Optional<Integer> removal(String word, String rest) {
        String[] parts = rest.split("\\s+");
        String first = parts[0].toLowerCase(Locale.ROOT);
        if (!first.equals("remove") && !first.equals("drop") && !first.equals("rm")) {
            return Optional.empty();
        }
        String form = "`/incident " + word + " remove 2` (the numbers are in `/incident " + word + "`)";
        if (parts.length == 1) {
            throw new CommandException("`" + word + " " + first + "` needs the number: " + form);
        }
        Matcher n = NUMBER.matcher(parts[1]);
        if (parts.length == 2 && n.matches()) {
            return Optional.of(Integer.parseInt(n.group(1)));
        }
        // "remove the floating tag" is a text that starts with "remove".
        return Optional.empty();
    }
}
