package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.report.WeeklyReports;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy.ReportAudience;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.export.report.WeeklyReportInput;
import dev.incidenttimeline.export.report.WeeklyReportRenderer.Images;
import dev.incidenttimeline.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", description = {
    "Write the weekly incident-review report of an ISO week (default: the current week in TIMEZONE):",
    "the trailing weeks as a bulletin, every open follow-up, the policy figures and the 8-week trend.",
    "Markdown (default) or JSON goes to stdout unless --out is given. With --out, the two charts are",
    "written beside the Markdown (FILE.png, FILE-trend.png) and linked from it; --chart puts them elsewhere."})
final class ReportCommand extends CliCommand {
    enum Format { md, json }

    @Option(names = "--week", paramLabel = "2026-W47", description = "ISO week, e.g. 2026-W47.")
    String week;

    @Option(names = "--weeks", paramLabel = "N", defaultValue = "2",
            description = "The trailing window of the bulletin and the chart, 1 to 8 weeks (default ${DEFAULT-VALUE}).")
    int weeks;

    @Option(names = "--format", defaultValue = "md", description = "md or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path out;

    @Option(names = "--chart", paramLabel = "FILE.png",
            description = "Write the chart here (and the trend chart as FILE-trend.png).")
    Path chart;

    @Option(names = "--team", paramLabel = "T0123", description = "Workspace id, when the database holds several.")
    String team;

    @Option(names = "--hide-private", description = "Count private incidents without naming them.")
    boolean hidePrivate;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (weeks < 1 || weeks > WeeklyReportInput.MAX_TRAILING_WEEKS) {
            throw new DomainException("--weeks is the trailing window, 1 to " + WeeklyReportInput.MAX_TRAILING_WEEKS
                    + " weeks (e.g. --weeks 2), not " + weeks);
        }
        Settings settings = settings();
        Instant now = clock.instant();
        IsoWeek isoWeek = week == null ? IsoWeek.containing(now, settings.zone()) : WeeklyReports.parseWeek(week);
        Path chartPath = chart;
        if (chartPath == null && out != null && format == Format.md) {
            chartPath = sibling(out, ".png");
        }
        Path trendPath = chartPath == null ? null : sibling(chartPath, "-trend.png");
        Images images = Images.NONE;
        if (chartPath != null && format == Format.md) {
            Path base = out == null ? Path.of("") : parentOf(out);
            images = new Images(link(base, chartPath), link(base, trendPath));
        }
        try (Database db = openDatabase()) {
            String teamId = resolveTeam(db, team);
            WeeklyReports.Rendered r = WeeklyReports.render(
                    WeeklyReports.load(db.jdbi(), teamId, isoWeek, weeks, settings.zone(), now,
                            !hidePrivate && VisibilityPolicy.reportNamesPrivate(ReportAudience.OPERATOR)),
                    images);
            String text = format == Format.json ? r.json() : r.markdown();
            if (out == null) {
                context.out().print(text);
            } else {
                OutputFiles.write(out, text.getBytes(StandardCharsets.UTF_8));
                context.err().println("wrote " + out);
            }
            if (chartPath != null) {
                OutputFiles.write(chartPath, r.chartPng());
                context.err().println("wrote " + chartPath);
                OutputFiles.write(trendPath, r.trendPng());
                context.err().println("wrote " + trendPath);
            }
        }
        return 0;
    }

    /** {@code report.md} → {@code report.png}; {@code chart.png} → {@code chart-trend.png}. */
    static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return parentOf(file).resolve(stem + suffix);
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    /** The chart's path relative to the Markdown's folder, with {@code /} between folders. */
    private static String link(Path base, Path target) {
        Path rel = base.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize());
        return rel.toString().replace(java.io.File.separatorChar, '/');
    }
}
