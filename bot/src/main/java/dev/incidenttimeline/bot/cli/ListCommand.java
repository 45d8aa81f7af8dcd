package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.Database;
import dev.incidenttimeline.store.IncidentRepository;
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
            if (incidents.isEmpty()) {
                context.out().println("No incidents yet.");
                return 0;
            }
            context.out().printf("%-8s %-5s %-14s %-22s %s%n", "KEY", "SEV", "STATUS", "DECLARED", "TITLE");
            for (Incident i : incidents) {
                context.out().printf("%-8s %-5s %-14s %-22s %s%n", i.key(), i.severity().label(), i.status().code(),
                        WHEN.format(i.declaredAt().atZone(zone)), i.title());
            }
        }
        return 0;
    }
}
