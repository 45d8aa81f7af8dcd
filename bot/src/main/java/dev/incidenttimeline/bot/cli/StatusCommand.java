package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.store.Database;
import dev.incidenttimeline.store.EffectRepository;
import dev.incidenttimeline.store.InboxRepository;
import dev.incidenttimeline.store.ScheduledTaskRepository;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Show inbox, Slack outbox and scheduled job health.")
final class StatusCommand extends CliCommand {
    @Option(names = "--parked", defaultValue = "10", description = "How many parked items to show (default ${DEFAULT-VALUE}).")
    int parked;

    @Override
    public Integer call() {
        try (Database db = openDatabase()) {
            InboxRepository inbox = db.jdbi().onDemand(InboxRepository.class);
            EffectRepository effects = db.jdbi().onDemand(EffectRepository.class);
            ScheduledTaskRepository jobs = db.jdbi().onDemand(ScheduledTaskRepository.class);
            var out = context.out();
            out.println("Database: " + db.description());
            out.println("Event inbox: " + summary(inbox.countByStatus()));
            inbox.oldestPending().ifPresent(t -> out.println("  oldest pending event received at " + t));
            print("  parked event", inbox.listParked(parked));
            out.println("Slack outbox: " + summary(effects.countByStatus()));
            print("  parked call", effects.listParked(parked));
            dev.incidenttimeline.store.TicketRepository tickets = db.jdbi().onDemand(
                    dev.incidenttimeline.store.TicketRepository.class);
            List<String> syncs = tickets.countPendingSyncs();
            out.println("Ticket syncs: " + (syncs.isEmpty() ? "none pending" : String.join(", ", syncs)));
            print("  pending sync", tickets.listPendingSyncs(parked));
            List<String> runs = jobs.describeAll();
            out.println("Scheduled jobs: " + (runs.isEmpty() ? "none scheduled yet (serve schedules them)" : ""));
            runs.forEach(r -> out.println("  " + r));
            boolean parkedAny = !inbox.listParked(1).isEmpty() || !effects.listParked(1).isEmpty();
            return parkedAny ? 1 : 0;
        }
    }

    private static String summary(List<String> counts) {
        return counts.isEmpty() ? "empty" : String.join(", ", counts);
    }

    private void print(String label, List<String> rows) {
        rows.forEach(r -> context.out().println(label + ": " + r));
    }
}
