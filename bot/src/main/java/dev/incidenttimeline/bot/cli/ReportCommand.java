package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy.ReportAudience;
import dev.incidenttimeline.bot.report.WeeklyReports;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", description = {
    "Write the weekly incident-review report of an ISO week (default: the current week in TIMEZONE).",
    "Markdown goes to stdout unless --out is given; --chart also writes the two-week chart as PNG."})
final class ReportCommand extends CliCommand {
    @Option(names = "--week", paramLabel = "2026-W47", description = "ISO week, e.g. 2026-W47.")
    String week;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the Markdown here instead of stdout.")
    Path out;

    @Option(names = "--chart", paramLabel = "FILE.png", description = "Also write the chart PNG here.")
    Path chart;

    @Option(names = "--team", paramLabel = "T0123", description = "Workspace id, when the database holds several.")
    String team;

    @Option(names = "--hide-private", description = "Count private incidents without naming them.")
    boolean hidePrivate;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        Instant now = clock.instant();
        IsoWeek isoWeek = week == null ? IsoWeek.containing(now, settings.zone()) : WeeklyReports.parseWeek(week);
        try (Database db = openDatabase()) {
            String teamId = resolveTeam(db, team);
            WeeklyReports.Rendered r = WeeklyReports.render(
                    WeeklyReports.load(db.jdbi(), teamId, isoWeek, settings.zone(), now,
                            !hidePrivate && VisibilityPolicy.reportNamesPrivate(ReportAudience.OPERATOR)));
            if (out == null) {
                context.out().print(r.markdown());
            } else {
                OutputFiles.write(out, r.markdown().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                context.err().println("wrote " + out);
            }
            if (chart != null) {
                OutputFiles.write(chart, r.chartPng());
                context.err().println("wrote " + chart);
            }
        }
        return 0;
    }
}
