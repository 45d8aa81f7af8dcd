package dev.incidenttimeline.bot.actions;

import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.ActionItem;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An action item named from outside its channel, as a button carries it:
 * {@code <incidentNumber>:<item>}, e.g. {@code 7:2} for item #2 of INC-7.
 */
public record ActionItemRef(long incidentNumber, int number) {
    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,17}):([1-9][0-9]{0,8})");

    public static ActionItemRef of(ActionItem item) {
        return new ActionItemRef(item.incidentNumber(), item.number());
    }

    /** @throws CommandException when the value is not {@code <incident>:<item>} */
    public static ActionItemRef parse(String value) {
        Matcher m = FORM.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            throw new CommandException("That button does not name an action item; use `/incident action done <n>`"
                    + " in the incident's channel instead.");
        }
        return new ActionItemRef(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return incidentNumber + ":" + number;
    }
}
