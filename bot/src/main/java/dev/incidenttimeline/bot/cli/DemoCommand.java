package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.capture.importer.ChannelExport;
import dev.incidenttimeline.bot.capture.importer.ImportOptions;
import dev.incidenttimeline.bot.capture.importer.ImportSummary;
import dev.incidenttimeline.bot.capture.importer.SlackExportImporter;
import dev.incidenttimeline.bot.report.WeeklyReports;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.export.retro.RetroInput;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.store.Database;
import dev.incidenttimeline.store.RetroExportRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {
    "Try it without Slack: import the bundled sample Slack export (two incidents) into a fresh embedded",
    "PostgreSQL and write their retros (and the weekly report) to ./incident-timeline-demo/.",
    "Prints the path of every file written."})
final class DemoCommand extends CliCommand {
    /** The bundled sample export on the classpath; {@code files.txt} lists its files. */
    static final String SAMPLE = "/sample-export/";
    /** The sample's incident channels, the earlier (and smaller) one first so that it becomes INC-1. */
    static final List<String> CHANNELS = List.of("inc-20261110-search-latency", "inc-20261117-dns-cache-leak");

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = "incident-timeline-demo",
            description = "Where to write the files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "<dir>",
            description = "Keep the demo database in this folder (default: a temporary one, deleted at the end).")
    Path dataDir;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        Settings settings = settings();
        ZoneId zone = settings.zone();
        Path work = Files.createTempDirectory("incident-timeline-demo-");
        try {
            Path export = copySampleExport(work.resolve("sample-export"));
            List<ChannelExport> channels = new ArrayList<>();
            for (String channel : CHANNELS) {
                channels.add(SlackExportImporter.read(export, channel, line -> { }));
            }
            List<Path> written = new ArrayList<>();
            try (Database db = openDemoDatabase(work)) {
                SlackExportImporter importer = new SlackExportImporter(db.jdbi(),
                        new TimelineCapture(settings.reactions(), zone, settings.redactor()));
                List<Incident> incidents = new ArrayList<>();
                Files.createDirectories(out);
                Instant generatedAt = clock.instant();
                for (ChannelExport channel : channels) {
                    ImportSummary summary = importer.write(channel, ImportOptions.defaults());
                    context.err().println(summary.describe());
                    incidents.add(summary.incident());
                    written.add(writeRetro(db, summary.incident(), channel, zone, generatedAt));
                }
                written.addAll(writeWeeklyReport(db, incidents, zone, generatedAt));
            }
            written.forEach(p -> context.out().println(p));
            return 0;
        } finally {
            deleteRecursively(work);
        }
    }

    /** {@code DATABASE_URL} when set, else the embedded PostgreSQL in {@code --data-dir} or a temporary folder. */
    private Database openDemoDatabase(Path work) {
        String url = context.env().get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return openDatabase();
        }
        return Database.embedded(dataDir != null ? dataDir : work.resolve("data"), 4);
    }

    private Path writeRetro(Database db, Incident incident, ChannelExport channel, ZoneId zone, Instant generatedAt)
            throws IOException {
        RetroInput input = db.jdbi().inTransaction(h -> Retros.load(h, incident,
                channel.channelUrl().orElse(Retros.channelUrl(incident))));
        Path file = out.resolve(Retros.fileName(incident));
        Files.writeString(file, new RetroMarkdownRenderer().render(input, zone, generatedAt), StandardCharsets.UTF_8);
        db.jdbi().useHandle(h -> h.attach(RetroExportRepository.class).recordFile(incident.teamId(), incident.number(),
                file.getFileName().toString(), generatedAt));
        return file;
    }

    /**
     * The weekly incident-review report (Markdown) and its chart (PNG) for the week of the
     * latest imported incident, as the weekly review would see them.
     */
    List<Path> writeWeeklyReport(Database db, List<Incident> incidents, ZoneId zone, Instant generatedAt) {
        Incident latest = incidents.stream().max(Comparator.comparing(Incident::declaredAt)).orElseThrow();
        IsoWeek week = IsoWeek.containing(latest.declaredAt(), zone);
        WeeklyReports.Rendered r = WeeklyReports.render(
                WeeklyReports.load(db.jdbi(), latest.teamId(), week, zone, generatedAt, true));
        Path markdown = out.resolve("incident-review-" + week + ".md");
        Path chart = out.resolve(WeeklyReports.chartFile(week));
        Path trend = out.resolve(WeeklyReports.trendFile(week));
        OutputFiles.write(markdown, r.markdown().getBytes(StandardCharsets.UTF_8));
        OutputFiles.write(chart, r.chartPng());
        OutputFiles.write(trend, r.trendPng());
        return List.of(markdown, chart, trend);
    }

    /** Copies the bundled sample export out of the classpath (the jar) into {@code target}. */
    static Path copySampleExport(Path target) throws IOException {
        for (String name : sampleFiles()) {
            Path file = target.resolve(name).normalize();
            if (!file.startsWith(target)) {
                throw new IllegalStateException("sample export lists a file outside it: " + name);
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE + name)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled sample export lacks " + name);
                }
                Files.copy(in, file);
            }
        }
        return target;
    }

    private static List<String> sampleFiles() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE + "files.txt")) {
            if (in == null) {
                throw new IllegalStateException("the bundled sample export is missing (no " + SAMPLE + "files.txt)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    /** Best effort: a leftover temporary folder must not hide the demo's result or its error. */
    private void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            context.err().println("incident-timeline: could not delete the temporary folder " + dir + ": "
                    + e.getMessage());
        }
    }
}
