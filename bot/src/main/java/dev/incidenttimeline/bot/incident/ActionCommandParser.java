package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.actions.ActionItemText;
import dev.incidenttimeline.bot.actions.DueDateParser;
import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.DomainException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code /incident action}: a new item ({@code <what> @owner [due <date>] [p1-p3] [type]}),
 * closing one ({@code done <n>}, {@code drop <n>}), or changing one
 * ({@code <n> [p1-p3] [type <type>] [due <date>] [owner @name]}). Pure, like {@link CommandParser}.
 */
final class ActionCommandParser {
    static final String EXAMPLE = "`/incident action Add an alert on queue depth @alice due fri p1 detect`";
    static final String TYPES = Arrays.stream(ActionKind.values()).map(ActionKind::code)
            .collect(Collectors.joining(", "));
    static final String CHANGE_FORM = "`/incident action 2 p1`, `/incident action 2 type prevent`,"
            + " `/incident action 2 due fri`, `/incident action 2 owner @alice`";
    private static final Pattern ITEM_NUMBER = Pattern.compile("#?([1-9][0-9]{0,5})");
    private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]{1,20})(?:\\|[^>]*)?>");
    private static final Pattern PRIORITY = Pattern.compile("(?i)(?<=^|\\s)(?:priority\\s+)?p([1-3])(?=\\s|$)");
    private static final Pattern TYPE = Pattern.compile("(?i)(?<=^|\\s)type\\s*:?\\s*([a-z-]+)(?=\\s|$)");
    private static final Pattern TRAILING_KIND = Pattern.compile(
            "(?i)\\s+(cleanup|prevent|detect|mitigate|process)(?=\\s*$|\\s+due\\s)");
    private static final int MAX_TEXT_LENGTH = 3000;

    private final Clock clock;
    private final ZoneId zone;

    ActionCommandParser(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    IncidentCommand parse(String rest) {
        if (rest.isEmpty()) {
            throw new CommandException("`action` needs what to do and an owner: " + EXAMPLE
                    + " (or `/incident action done 2`, `/incident action drop 2`, " + CHANGE_FORM + ")");
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
        Matcher number = ITEM_NUMBER.matcher(parts[0]);
        if (number.matches() && isChange(rest)) {
            return change(Integer.parseInt(number.group(1)), Arrays.asList(parts).subList(1, parts.length));
        }
        return add(rest);
    }

    /** {@code 3 p1 …} changes item #3, unless a mention outside {@code owner @x} makes it a new item's text. */
    private static boolean isChange(String rest) {
        String withoutOwner = rest.replaceAll("(?i)\\b(?:owner|dri)\\s+<@[^>]+>", "");
        return !MENTION.matcher(withoutOwner).find();
    }

    private IncidentCommand add(String rest) {
        if (rest.length() > MAX_TEXT_LENGTH) {
            throw new CommandException("That action item is " + rest.length() + " characters long; keep it to "
                    + MAX_TEXT_LENGTH + ": " + EXAMPLE);
        }
        String s = rest;
        ActionPriority priority = null;
        Matcher p = PRIORITY.matcher(s);
        while (p.find()) {
            priority = ActionPriority.ofLevel(Integer.parseInt(p.group(1)));
        }
        s = PRIORITY.matcher(s).replaceAll("");
        ActionKind kind = null;
        Matcher t = TYPE.matcher(s);
        while (t.find()) {
            kind = kind(t.group(1));
        }
        s = TYPE.matcher(s).replaceAll("");
        Matcher k = TRAILING_KIND.matcher(s);
        while (k.find()) {
            kind = ActionKind.fromCode(k.group(1).toLowerCase(Locale.ROOT));
            s = s.substring(0, k.start()) + s.substring(k.end());
            k = TRAILING_KIND.matcher(s);
        }
        s = s.replaceAll("\\s{2,}", " ").strip();
        ActionItemText item = ActionItemText.split(s);
        if (item.ownerId() == null) {
            throw new CommandException("An action item needs an owner, mentioned with @: " + EXAMPLE);
        }
        if (item.text().isBlank()) {
            throw new CommandException("An action item needs what to do before the owner: " + EXAMPLE);
        }
        Optional<LocalDate> due = item.duePhrase() == null ? Optional.empty() : Optional.of(due(item.duePhrase(),
                EXAMPLE));
        return new IncidentCommand.Action(item.text(), item.ownerId(), due,
                priority == null ? ActionPriority.DEFAULT : priority, kind == null ? ActionKind.DEFAULT : kind);
    }

    private IncidentCommand change(int number, List<String> words) {
        if (words.isEmpty()) {
            throw new CommandException("Say what to change on action item #" + number + ": " + CHANGE_FORM);
        }
        ActionPriority priority = null;
        ActionKind kind = null;
        LocalDate due = null;
        String owner = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String lower = w.toLowerCase(Locale.ROOT);
            Optional<ActionPriority> p = ActionPriority.parse(lower);
            if (p.isPresent()) {
                priority = p.get();
            } else if (lower.equals("priority") && i + 1 < words.size()) {
                String level = words.get(++i).toLowerCase(Locale.ROOT);
                priority = ActionPriority.parse(level.startsWith("p") ? level : "p" + level).orElseThrow(() ->
                        new CommandException("A priority is p1, p2 or p3: `/incident action " + number + " p1`"));
            } else if (ActionKind.parse(lower).isPresent()) {
                kind = ActionKind.parse(lower).get();
            } else if (lower.equals("type") || lower.equals("type:")) {
                if (i + 1 >= words.size()) {
                    throw new CommandException("`type` needs one of " + TYPES + ": `/incident action " + number
                            + " type prevent`");
                }
                kind = kind(words.get(++i));
            } else if (lower.equals("owner") || lower.equals("dri")) {
                Matcher m = i + 1 < words.size() ? MENTION.matcher(words.get(i + 1)) : null;
                if (m == null || !m.matches()) {
                    throw new CommandException("`owner` needs a person, mentioned with @: `/incident action " + number
                            + " owner @alice`");
                }
                owner = m.group(1);
                i++;
            } else if (lower.equals("due")) {
                int end = i + 1;
                while (end < words.size() && !isChangeKeyword(words.get(end))) {
                    end++;
                }
                if (end == i + 1) {
                    throw new CommandException("`due` needs a date (" + DueDateParser.FORMS + "): `/incident action "
                            + number + " due fri`");
                }
                due = due(String.join(" ", words.subList(i + 1, end)), "`/incident action " + number + " due fri`");
                i = end - 1;
            } else {
                throw new CommandException("`" + CommandParser.snippet(w) + "` is not something I can change on an"
                        + " action item; use p1-p3, type <" + String.join("|", TYPES.split(", ")) + ">, due <date>"
                        + " or owner @name: " + CHANGE_FORM);
            }
        }
        return new IncidentCommand.ActionChange(number, Optional.ofNullable(priority), Optional.ofNullable(kind),
                Optional.ofNullable(due), Optional.ofNullable(owner));
    }

    private static boolean isChangeKeyword(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return ActionPriority.parse(w).isPresent() || ActionKind.parse(w).isPresent()
                || List.of("type", "type:", "owner", "dri", "priority").contains(w);
    }

    private static ActionKind kind(String word) {
        return ActionKind.parse(word).orElseThrow(() -> new CommandException("`" + CommandParser.snippet(word)
                + "` is not a type of action item; use one of " + TYPES + ": `/incident action 2 type prevent`"));
    }

    private LocalDate due(String phrase, String example) {
        try {
            return DueDateParser.parseFuture(phrase, LocalDate.now(clock.withZone(zone)));
        } catch (DomainException e) {
            String m = e.getMessage();
            throw new CommandException((m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1)) + ": "
                    + example, e);
        }
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
}
