package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.store.Database;
import dev.incidenttimeline.store.IncidentRepository;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Base of every command: the environment, output streams and the database to open. */
@Command(mixinStandardHelpOptions = true)
abstract class CliCommand implements Callable<Integer> {
    CliContext context;

    Settings settings() {
        return Settings.fromEnv(context.env());
    }

    /**
     * The workspace a command works on: {@code --team} when given, else the only one in the
     * database. A database without incidents has no workspace yet: the id is then {@code -},
     * which matches nothing, so lists and reports come out empty rather than failing.
     */
    static String resolveTeam(Database db, String teamOption) {
        if (teamOption != null && !teamOption.isBlank()) {
            return teamOption.strip();
        }
        List<String> teams = db.jdbi().onDemand(IncidentRepository.class).listTeams();
        if (teams.size() > 1) {
            throw new DomainException("this database holds several workspaces (" + String.join(", ", teams)
                    + "); choose one with --team " + teams.get(0));
        }
        return teams.isEmpty() ? "-" : teams.get(0);
    }

    /** Opens (and migrates) the database the environment names. */
    Database openDatabase() {
        return Database.fromEnvironment(context.env());
    }
}
