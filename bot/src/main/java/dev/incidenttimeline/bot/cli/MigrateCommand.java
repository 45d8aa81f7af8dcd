package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.store.Database;
import picocli.CommandLine.Command;

@Command(name = "migrate", description = "Create or update the database schema, then exit.")
final class MigrateCommand extends CliCommand {
    @Override
    public Integer call() {
        try (Database db = openDatabase()) {
            int applied = db.appliedMigrations();
            context.out().println(applied == 0
                    ? "Schema is up to date (" + db.description() + ")."
                    : "Applied " + applied + " migration" + (applied == 1 ? "" : "s") + " (" + db.description() + ").");
        }
        return 0;
    }
}
