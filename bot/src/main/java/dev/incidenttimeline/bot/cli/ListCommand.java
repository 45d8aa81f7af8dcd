package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.export.text.MarkdownText;
import dev.incidenttimeline.store.Database;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", description = "List incidents: key, title, severity, status, declared.")
final class ListCommand extends CliCommand {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    @Override
    public Integer call() {
        ZoneId zone = settings().zone();
        try (Database db = openDatabase()) {
            List<Incident> incidents = db.jdbi().onDemand(IncidentRepository.class).listAll();
            SlackUserRepository users = db.jdbi().onDemand(SlackUserRepository.class);
            if (incidents.isEmpty()) {
                context.out().println("No incidents in " + db.description() + ".");
                return 0;
            }
            context.out().printf("%-8s %-5s %-14s %-22s %s%n", "KEY", "SEV", "STATUS", "DECLARED", "TITLE");
            for (Incident i : incidents) {
                context.out().printf("%-8s %-5s %-14s %-22s %s%n", i.key(), i.severity().label(), i.status().code(),
                        WHEN.format(i.declaredAt().atZone(zone)), terminalText(i, users));
            }
        }
        return 0;
    }

    /**
     * A title as a terminal shows it: Slack's entities decoded, mentions by name, on one
     * line, with no control characters that could move the cursor or recolour the screen.
     */
    private static String terminalText(Incident i, SlackUserRepository users) {
        String plain = MarkdownText.plainFromSlack(i.title(),
                id -> users.find(i.teamId(), id).map(SlackUser::label).orElse(null));
        StringBuilder out = new StringBuilder(plain.length());
        plain.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
