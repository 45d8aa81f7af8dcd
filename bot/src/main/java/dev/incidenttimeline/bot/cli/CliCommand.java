package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.store.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Base of every command: the environment, output streams and the database to open. */
@Command(mixinStandardHelpOptions = true)
abstract class CliCommand implements Callable<Integer> {
    CliContext context;

    Settings settings() {
        return Settings.fromEnv(context.env());
    }

    /** Opens (and migrates) the database the environment names. */
    Database openDatabase() {
        return Database.fromEnvironment(context.env());
    }
}
