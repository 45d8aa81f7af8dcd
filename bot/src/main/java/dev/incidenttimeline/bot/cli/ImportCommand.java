package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.capture.importer.ChannelExport;
import dev.incidenttimeline.bot.capture.importer.ImportOptions;
import dev.incidenttimeline.bot.capture.importer.ImportSummary;
import dev.incidenttimeline.bot.capture.importer.SlackExportImporter;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.store.Database;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = {
    "Import an incident channel from a Slack workspace export (the zip, or the folder it was unpacked into).",
    "Tagging reactions become timeline entries and action messages become action items, as if the bot had",
    "been in the channel. Importing again adds only what is new."})
final class ImportCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "<slack-export.zip|folder>", description = "The Slack export.")
    Path export;

    @Option(names = "--channel", required = true, paramLabel = "<name>", description = "The incident channel, e.g. inc-20261117-dns-cache-leak.")
    String channel;

    @Option(names = "--title", paramLabel = "<title>", description = "Incident title (default: the channel topic, purpose or name).")
    String title;

    @Option(names = "--severity", paramLabel = "1-4", description = "Severity 1 (worst) to 4 (default: a sev1…sev4 token in the topic, else 3).")
    String severity;

    @Option(names = "--team", paramLabel = "<T…>", description = "Slack workspace id (default: team_id in users.json).")
    String team;

    @Option(names = "--open", description = "The incident is still open: do not resolve it at the last message.")
    boolean open;

    @Override
    public Integer call() {
        Settings settings = settings();
        ImportOptions options = new ImportOptions(Optional.ofNullable(title), severity(), Optional.ofNullable(team),
                open);
        // Read and check the whole export before touching the database: bad input fails fast, nothing is written.
        ChannelExport data = SlackExportImporter.read(export, channel, line -> {
            context.err().println(line);
            context.err().flush();
        });
        try (Database db = openDatabase()) {
            ImportSummary summary = new SlackExportImporter(db.jdbi(),
                    new TimelineCapture(settings.reactions(), settings.zone(), settings.redactor())).write(data, options);
            context.out().println(summary.describe());
        }
        return 0;
    }

    private Optional<Severity> severity() {
        if (severity == null) {
            return Optional.empty();
        }
        return Optional.of(Severity.parse(severity).orElseThrow(() -> new DomainException(
                "--severity must be 1 to 4 (or sev1 to sev4), not '" + severity + "'")));
    }
}
