package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.actions.DueDateParser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How each {@code /incident} sub-command is written: the one source of the help text and of
 * the "right form" that every error message shows.
 */
public final class CommandUsage {
    public static final String COMMAND = "/incident";

    /** Sub-command → its usage line, in the order help shows them. */
    private static final Map<String, String> USAGE = new LinkedHashMap<>();

    static {
        USAGE.put("declare", "`/incident declare <title> [sev1-sev4] [private]`: open an incident and its channel"
                + " (no title: a form)");
        USAGE.put("status", "`/incident status <investigating|identified|monitoring|resolved>`: move the lifecycle");
        USAGE.put("resolve", "`/incident resolve`: mark it resolved");
        USAGE.put("sev", "`/incident sev <1-4>`: change the severity");
        USAGE.put("commander", "`/incident commander @user`: hand over incident command");
        USAGE.put("dri", "`/incident dri @user`: who owns the follow-up");
        USAGE.put("note", "`/incident note <text>`: add a note to the timeline");
        USAGE.put("summary", "`/incident summary <text>`: the retro's summary");
        USAGE.put("impact", "`/incident impact <text>`: the retro's impact");
        USAGE.put("rootcause", "`/incident rootcause <text>`: the root cause statement");
        USAGE.put("chain", "`/incident chain <step>`: the next link of the causal chain, first cause first;"
                + " `/incident chain` lists them, `/incident chain remove <n>`");
        USAGE.put("factor", "`/incident factor <text>`: add one contributing factor; `/incident factors` lists them,"
                + " `/incident factor remove <n>`");
        USAGE.put("factors", "`/incident factors [<text>]`: list the contributing factors (with a text: set them as"
                + " one text)");
        USAGE.put("learning", "`/incident learning <went-well|went-wrong|lucky> <text>`: how did we do;"
                + " `/incident learnings` lists them, `/incident learning remove <n>`");
        USAGE.put("started", "`/incident started <time>`, `detected <time>`, `mitigated [<time>]`,"
                + " `resolved-at <time>`: correct a key moment (" + RetroCommandParser.TIME_FORMS
                + "; `mitigated` alone: now)");
        USAGE.put("action", "`/incident action <what> @owner [due <date>] [p1-p3] [" + ActionCommandParser.TYPES
                .replace(", ", "|") + "]`: add an action item (due " + DueDateParser.FORMS
                + "; default p2 cleanup); `/incident action <n> p1 type prevent due fri owner @x` changes one;"
                + " `/incident action done <n>`, `/incident action drop <n>`, `/incident action link <n> <ticket key or"
                + " link>`, `/incident action unlink <n>`");
        USAGE.put("actions", "`/incident actions`: list the action items, flagging those without a due date or owner");
        USAGE.put("timeline", "`/incident timeline`: the latest timeline entries, just for you");
        USAGE.put("export", "`/incident export`: upload the retro (Markdown) to the channel");
        USAGE.put("list", "`/incident list`: open incidents (works anywhere)");
        USAGE.put("report", "`/incident report [2026-W47]`: the weekly incident review");
        USAGE.put("help", "`/incident help`: this list");
    }

    private CommandUsage() {
    }

    /** The sub-command words, in help order. */
    public static java.util.Set<String> subCommands() {
        return java.util.Collections.unmodifiableSet(USAGE.keySet());
    }

    /** The full help text (Slack mrkdwn). */
    public static String help() {
        StringBuilder b = new StringBuilder("*`/incident` sub-commands*\n");
        USAGE.values().forEach(u -> b.append("• ").append(u).append('\n'));
        b.append("Sub-commands that change an incident work in its channel; `declare`, `list`, `report` and"
                + " `help` work anywhere.");
        return b.toString();
    }
}
