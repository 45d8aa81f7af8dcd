package dev.incidenttimeline.bot.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.app.BotRuntime;
import dev.incidenttimeline.store.Database;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

@Command(name = "serve", description = {
    "Run the Slack bot (the default command).",
    "Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT (POST /slack/events, GET /health)."})
final class ServeCommand extends CliCommand {
    @Override
    public Integer call() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        Settings settings = settings();
        settings.requireSlack();
        Database db = openDatabase();
        BotRuntime runtime;
        try {
            runtime = new BotRuntime(settings, db, Clock.systemUTC(), BotRuntime::standardFeatures);
            runtime.start();
        } catch (RuntimeException | java.io.IOException e) {
            db.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // On SIGTERM: stop taking requests, let the workers finish or release their leases; the database
        // then closes its pool and stops the embedded PostgreSQL, in that order.
        db.stopFirstOnShutdown(() -> {
            LoggerFactory.getLogger(ServeCommand.class).info("stopping: finishing in-flight work");
            runtime.close();
            stopped.countDown();
        });
        context.out().println("incident-timeline is serving " + (settings.socketMode()
                ? "over Socket Mode" : "on port " + runtime.port()) + " (" + db.description() + ")");
        context.out().flush();
        stopped.await();
        return 0;
    }
}
