package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.actions.ActionItemText;
import dev.incidenttimeline.bot.actions.DueDateParser;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.IsoWeek;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the text of {@code /incident} into an {@link IncidentCommand}. Pure: no Slack, no
 * database; "today" (for due dates) is read from the injected clock in {@code TIMEZONE}.
 *
 * <p>Slack sends mentions escaped ({@code <@U123|alice>} or {@code <@U123>}; the manifest
 * sets {@code should_escape: true}). A trailing {@code sev1}…{@code sev4} or {@code private}
 * in {@code declare} is an option, not part of the title. Every bad input gives a
 * {@link CommandException} that says what was wrong and shows the right form.
 */
public final class CommandParser {
    public static final int MAX_TITLE_LENGTH = 200;
    private static final int MAX_TEXT_LENGTH = 3000;

    private static final Map<String, String> ALIASES = Map.of(
            "new", "declare",
            "severity", "sev",
            "ic", "commander",
            "root-cause", "rootcause",
            "root_cause", "rootcause",
            "contributing", "factors",
            "resolved", "resolve",
            "todo", "action",
            "ls", "list");
    private static final Pattern WHOLE_MENTION = Pattern.compile("<@([UW][A-Z0-9]{1,20})(?:\\|[^>]*)?>");
    private static final Pattern TRAILING_OPTION = Pattern.compile("(?i)(?:^|\\s+)(sev\\s?[1-4]|private)$");
    private static final Pattern ITEM_NUMBER = Pattern.compile("#?([1-9][0-9]{0,5})");
    private static final Pattern COUNT = Pattern.compile("[1-9][0-9]{0,2}");
    private static final String STATUSES = Arrays.stream(IncidentStatus.values()).map(IncidentStatus::code)
            .collect(Collectors.joining(", "));

    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param clock where "now" comes from
     * @param zone  {@code TIMEZONE}: due phrases such as {@code tomorrow} are read in it
     */
    public CommandParser(Clock clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * @param text what followed {@code /incident}; blank means help
     * @throws CommandException for anything that is not a well-formed sub-command
     */
    public IncidentCommand parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return new IncidentCommand.Help();
        }
        String[] head = s.split("\\s+", 2);
        String word = head[0].toLowerCase(Locale.ROOT);
        String rest = head.length > 1 ? head[1].strip() : "";
        String sub = ALIASES.getOrDefault(word, word);
        return switch (sub) {
            case "declare" -> declare(rest);
            case "status" -> status(rest);
            case "resolve" -> noArguments("resolve", rest, new IncidentCommand.Resolve(),
                    "; add a closing note first with `/incident note <text>`, then run `/incident resolve`");
            case "sev" -> severity(rest);
            case "commander" -> new IncidentCommand.Commander(person("commander", rest));
            case "dri" -> new IncidentCommand.Dri(person("dri", rest));
            case "note" -> new IncidentCommand.Note(text("note", rest, "Rolled back the 14:02 deploy"));
            case "summary" -> new IncidentCommand.Summary(text("summary", rest,
                    "Checkout failed for 20% of users for 35 minutes"));
            case "impact" -> new IncidentCommand.Impact(text("impact", rest, "1,200 orders delayed; no data lost"));
            case "rootcause" -> new IncidentCommand.RootCause(text("rootcause", rest,
                    "Connection pool exhausted after the driver upgrade"));
            case "factors" -> new IncidentCommand.Factors(text("factors", rest,
                    "No alert on pool saturation; the upgrade skipped the load test"));
            case "action" -> action(rest);
            case "actions" -> noArguments("actions", rest, new IncidentCommand.Actions(), "");
            case "timeline" -> timeline(rest);
            case "export" -> noArguments("export", rest, new IncidentCommand.Export(), "");
            case "list" -> noArguments("list", rest, new IncidentCommand.ListOpen(), "");
            case "report" -> report(rest);
            case "help" -> new IncidentCommand.Help();
            default -> throw unknown(word);
        };
    }

    private IncidentCommand declare(String rest) {
        String title = rest;
        Severity severity = null;
        boolean isPrivate = false;
        Matcher m = TRAILING_OPTION.matcher(title);
        while (m.find()) {
            String option = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s", "");
            if (option.equals("private")) {
                isPrivate = true;
            } else {
                Severity s = Severity.parse(option).orElseThrow();
                if (severity != null && severity != s) {
                    throw new CommandException("Give one severity, not both " + s.label().toLowerCase(Locale.ROOT)
                            + " and " + severity.label().toLowerCase(Locale.ROOT) + ": "
                            + "`/incident declare Checkout errors sev2`");
                }
                severity = s;
            }
            title = title.substring(0, m.start()).strip();
            m = TRAILING_OPTION.matcher(title);
        }
        title = unquote(title);
        if (title.isEmpty()) {
            return new IncidentCommand.DeclareModal(Optional.ofNullable(severity), isPrivate);
        }
        checkTitle(title);
        return new IncidentCommand.Declare(title,
                severity == null ? IncidentCommand.Declare.DEFAULT_SEVERITY : severity, isPrivate);
    }

    /**
     * Checks an incident title (from the command or the declare form).
     *
     * @throws CommandException when it is blank or too long
     */
    public static void checkTitle(String title) {
        if (title == null || title.isBlank()) {
            throw new CommandException("An incident needs a title: `/incident declare Checkout errors sev2`");
        }
        if (title.strip().length() > MAX_TITLE_LENGTH) {
            throw new CommandException("The title is " + title.strip().length() + " characters long; keep it to "
                    + MAX_TITLE_LENGTH + " and put the details in `/incident summary <text>`");
        }
    }

    private static IncidentCommand status(String rest) {
        if (rest.isEmpty()) {
            throw new CommandException("`status` needs one of " + STATUSES + ": `/incident status identified`");
        }
        return IncidentStatus.parse(rest).map(s -> (IncidentCommand) new IncidentCommand.Status(s))
                .orElseThrow(() -> new CommandException("`" + snippet(rest) + "` is not a status; use one of "
                        + STATUSES + ": `/incident status identified`"));
    }

    private static IncidentCommand severity(String rest) {
        if (rest.isEmpty()) {
            throw new CommandException("`sev` needs a level 1-4: `/incident sev 2`");
        }
        return Severity.parse(rest).map(s -> (IncidentCommand) new IncidentCommand.Sev(s))
                .orElseThrow(() -> new CommandException("`" + snippet(rest)
                        + "` is not a severity; `sev` needs a level 1-4: `/incident sev 2`"));
    }

    private static String person(String sub, String rest) {
        Matcher m = WHOLE_MENTION.matcher(rest);
        if (m.matches()) {
            return m.group(1);
        }
        String form = "`/incident " + sub + " @alice`";
        if (rest.isEmpty()) {
            throw new CommandException("`" + sub + "` needs a person, mentioned with @: " + form);
        }
        if (rest.startsWith("<!subteam^")) {
            throw new CommandException("`" + sub + "` needs one person, not a user group: " + form);
        }
        if (WHOLE_MENTION.matcher(rest).find()) {
            throw new CommandException("`" + sub + "` takes exactly one person and nothing else: " + form);
        }
        throw new CommandException("`" + snippet(rest) + "` is not a mention; pick the person from the @ menu: "
                + form);
    }

    private static String text(String sub, String rest, String example) {
        if (rest.isEmpty()) {
            throw new CommandException("`" + sub + "` needs some text: `/incident " + sub + " " + example + "`");
        }
        if (rest.length() > MAX_TEXT_LENGTH) {
            throw new CommandException("That " + sub + " is " + rest.length() + " characters long; keep it to "
                    + MAX_TEXT_LENGTH + ": `/incident " + sub + " " + example + "`");
        }
        return rest;
    }

    private IncidentCommand action(String rest) {
        String example = "`/incident action Add an alert on queue depth @alice due fri`";
        if (rest.isEmpty()) {
            throw new CommandException("`action` needs what to do and an owner: " + example
                    + " (or `/incident action done 2`, `/incident action drop 2`)");
        }
        String[] parts = rest.split("\\s+");
        String first = parts[0].toLowerCase(Locale.ROOT);
        if (first.equals("done") || first.equals("drop")) {
            String form = "`/incident action " + first + " 2`";
            if (parts.length == 1) {
                throw new CommandException("`action " + first + "` needs the item's number from `/incident actions`: "
                        + form);
            }
            Matcher n = ITEM_NUMBER.matcher(parts[1]);
            if (parts.length == 2 && n.matches()) {
                int number = Integer.parseInt(n.group(1));
                return first.equals("done") ? new IncidentCommand.ActionDone(number)
                        : new IncidentCommand.ActionDrop(number);
            }
            throw new CommandException("`action " + first + "` takes just the item's number from `/incident actions`:"
                    + " " + form);
        }
        if (first.equals("link") || first.equals("unlink")) {
            return actionLink(first, parts);
        }
        if (rest.length() > MAX_TEXT_LENGTH) {
            throw new CommandException("That action item is " + rest.length() + " characters long; keep it to "
                    + MAX_TEXT_LENGTH + ": " + example);
        }
        ActionItemText item = ActionItemText.split(rest);
        if (item.ownerId() == null) {
            throw new CommandException("An action item needs an owner, mentioned with @: " + example);
        }
        if (item.text().isBlank()) {
            throw new CommandException("An action item needs what to do before the owner: " + example);
        }
        Optional<LocalDate> due = Optional.empty();
        if (item.duePhrase() != null) {
            try {
                due = Optional.of(DueDateParser.parseFuture(item.duePhrase(), LocalDate.now(clock.withZone(zone))));
            } catch (DomainException e) {
                throw new CommandException(capitalize(e.getMessage()) + ": " + example, e);
            }
        }
        return new IncidentCommand.Action(item.text(), item.ownerId(), due);
    }

    /** {@code action link <n> <url or key>}, {@code action unlink <n>}: an item's tracker ticket. */
    private static IncidentCommand actionLink(String first, String[] parts) {
        boolean link = first.equals("link");
        String form = link ? "`/incident action link 2 OPS-123` (or the ticket's link)" : "`/incident action unlink 2`";
        if (parts.length < 2 || !ITEM_NUMBER.matcher(parts[1]).matches()) {
            throw new CommandException("`action " + first + "` needs the item's number from `/incident actions`"
                    + (link ? " and the ticket" : "") + ": " + form);
        }
        Matcher n = ITEM_NUMBER.matcher(parts[1]);
        n.matches();
        int number = Integer.parseInt(n.group(1));
        if (!link) {
            if (parts.length != 2) {
                throw new CommandException("`action unlink` takes just the item's number: " + form);
            }
            return new IncidentCommand.ActionUnlink(number);
        }
        if (parts.length != 3) {
            throw new CommandException("`action link` takes the item's number and one ticket key or link: " + form);
        }
        // Slack sends a pasted link as <https://…> or <https://…|label>.
        String ref = parts[2];
        if (ref.startsWith("<") && ref.endsWith(">")) {
            ref = ref.substring(1, ref.length() - 1);
            int bar = ref.indexOf('|');
            if (bar >= 0) {
                ref = ref.substring(0, bar);
            }
        }
        if (ref.isEmpty() || ref.length() > 500) {
            throw new CommandException("That is not a ticket key or link: " + form);
        }
        return new IncidentCommand.ActionLink(number, ref);
    }

    private static IncidentCommand timeline(String rest) {
        if (rest.isEmpty()) {
            return new IncidentCommand.Timeline(IncidentCommand.Timeline.DEFAULT_LIMIT);
        }
        if (COUNT.matcher(rest).matches() && Integer.parseInt(rest) <= IncidentCommand.Timeline.MAX_LIMIT) {
            return new IncidentCommand.Timeline(Integer.parseInt(rest));
        }
        throw new CommandException("`timeline` takes nothing, or how many entries to show (1-"
                + IncidentCommand.Timeline.MAX_LIMIT + "): `/incident timeline 30`");
    }

    private static IncidentCommand report(String rest) {
        if (rest.isEmpty()) {
            return new IncidentCommand.Report(Optional.empty());
        }
        try {
            return new IncidentCommand.Report(Optional.of(IsoWeek.parse(rest)));
        } catch (IllegalArgumentException e) {
            throw new CommandException(capitalize(e.getMessage()) + ": `/incident report 2026-W47`", e);
        }
    }

    private static IncidentCommand noArguments(String sub, String rest, IncidentCommand command, String hint) {
        if (!rest.isEmpty()) {
            throw new CommandException("`" + sub + "` takes nothing after it" + hint + ": `/incident " + sub + "`");
        }
        return command;
    }

    private static CommandException unknown(String word) {
        Set<String> known = new LinkedHashSet<>(CommandUsage.subCommands());
        known.addAll(ALIASES.keySet());
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(word, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = ALIASES.getOrDefault(k, k);
            }
        }
        String suggestion = best == null ? "" : " Did you mean `/incident " + best + "`?";
        return new CommandException("I don't know `/incident " + snippet(word) + "`." + suggestion
                + " Run `/incident help` to see every sub-command.");
    }

    /** Edit distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("“") && t.endsWith("”"))) {
            return t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    /** User input quoted back in an error, short and unable to break the code span. */
    private static String snippet(String s) {
        String t = s.replace('`', '\'');
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
