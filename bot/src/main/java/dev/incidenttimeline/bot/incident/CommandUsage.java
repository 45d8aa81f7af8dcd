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
        USAGE.put("rootcause", "`/incident rootcause <text>`: the root cause");
        USAGE.put("factors", "`/incident factors <text>`: the contributing factors");
        USAGE.put("action", "`/incident action <what> @owner [due <date>]`: add an action item (due "
                + DueDateParser.FORMS + "); `/incident action done <n>`, `/incident action drop <n>`, `/incident action link <n> <ticket key or link>`, `/incident action unlink <n>`");
        USAGE.put("actions", "`/incident actions`: list the action items");
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
