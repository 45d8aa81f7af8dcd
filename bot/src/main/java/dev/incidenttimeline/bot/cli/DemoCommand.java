package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.capture.importer.ChannelExport;
import dev.incidenttimeline.bot.capture.importer.ImportOptions;
import dev.incidenttimeline.bot.capture.importer.ImportSummary;
import dev.incidenttimeline.bot.capture.importer.SlackExportImporter;
import dev.incidenttimeline.bot.report.WeeklyReports;
import dev.incidenttimeline.bot.incident.ChannelCommands;
import dev.incidenttimeline.bot.incident.CommandParser;
import dev.incidenttimeline.bot.incident.IncidentService;
import dev.incidenttimeline.bot.incident.Invocation;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.RetroRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import java.util.Map;
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
    "Try it without Slack: import the bundled sample Slack export (two incidents) into an embedded",
    "PostgreSQL kept in --data-dir, run the retro commands a team would type in each channel (roles,",
    "summary, impact, key moments, root cause, causal chain, factors, learnings, follow-up priorities),",
    "and write the retros and the weekly report to ./incident-timeline-demo/.",
    "Prints the path of every file written, then the export command to run next."})
final class DemoCommand extends CliCommand {
    /** The bundled sample export on the classpath; {@code files.txt} lists its files. */
    static final String SAMPLE = "/sample-export/";
    /** The sample's incident channels, the earlier (and smaller) one first so that it becomes INC-1. */
    static final List<String> CHANNELS = List.of("inc-20261110-search-latency", "inc-20261117-dns-cache-leak");

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = "incident-timeline-demo",
            description = "Where to write the files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "<dir>", defaultValue = "incident-timeline-demo/data",
            description = "Keep the demo database in this folder, for the commands you run next (default:"
                    + " ${DEFAULT-VALUE}); ignored when DATABASE_URL is set.")
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
            Incident main;
            try (Database db = openDemoDatabase()) {
                SlackExportImporter importer = new SlackExportImporter(db.jdbi(),
                        new TimelineCapture(settings.reactions(), zone, settings.redactor()));
                List<Incident> incidents = new ArrayList<>();
                Files.createDirectories(out);
                Instant generatedAt = clock.instant();
                for (ChannelExport channel : channels) {
                    ImportSummary summary = importer.write(channel, ImportOptions.defaults());
                    context.err().println(summary.describe());
                    writeTheRetro(db, settings, summary.incident(), channel);
                    Incident incident = db.jdbi().withHandle(h -> AttachedRepositories.of(h, IncidentRepository.class)
                            .find(summary.incident().teamId(), summary.incident().number())).orElseThrow();
                    incidents.add(incident);
                    written.add(writeRetro(db, incident, zone, generatedAt));
                }
                written.addAll(writeWeeklyReport(db, incidents, zone, generatedAt));
                main = incidents.get(incidents.size() - 1);
            }
            written.forEach(p -> context.out().println(p));
            context.out().println("Next: " + nextCommand(main));
            return 0;
        } finally {
            deleteRecursively(work);
        }
    }

    private boolean usesDatabaseUrl() {
        String url = context.env().get("DATABASE_URL");
        return url != null && !url.isBlank();
    }

    /** {@code DATABASE_URL} when set, else the embedded PostgreSQL kept in {@code --data-dir}. */
    private Database openDemoDatabase() {
        return usesDatabaseUrl() ? openDatabase() : Database.embedded(dataDir, 4);
    }

    /**
     * Runs the channel's retro commands ({@link DemoRetroScript}) through the command parser
     * and the services {@code /incident} uses, as the people in the channel, at the time of
     * the retro meeting. Run once: an incident that already has its causal chain is left as it is.
     */
    private void writeTheRetro(Database db, Settings settings, Incident incident, ChannelExport channel) {
        DemoRetroScript.Script script = DemoRetroScript.BY_CHANNEL.get(incident.channelName());
        if (script == null || incident.channelId() == null) {
            return;
        }
        boolean written = db.jdbi().withHandle(h -> !AttachedRepositories.of(h, RetroRepository.class)
                .listNotes(incident.teamId(), incident.number()).isEmpty());
        if (written) {
            context.err().println("The retro commands of " + incident.key() + " have run before.");
            return;
        }
        Clock meeting = Clock.fixed(script.at(), ZoneId.of("UTC"));
        CommandParser parser = new CommandParser(meeting, settings.zone());
        ChannelCommands commands = new ChannelCommands(new IncidentService(db.jdbi(), meeting, settings, () -> { }));
        String links = channel.channelUrl().orElse("https://slack.com/archives/" + incident.channelId());
        Map<String, SlackUser> users = db.jdbi().withHandle(h -> AttachedRepositories.of(h, SlackUserRepository.class)
                .byId(incident.teamId()));
        context.err().println("Writing the retro of " + incident.key() + " in #" + incident.channelName() + ":");
        for (DemoRetroScript.Step step : script.steps()) {
            String text = LINK.matcher(step.text()).replaceAll(m -> "<" + links + "/p" + m.group(1).replace(".", "")
                    + ">");
            SlackUser who = users.get(step.userId());
            context.err().println("  " + (who == null ? step.userId() : who.label()) + ": /incident "
                    + SlackText.oneLine(SlackText.shorten(text, 100)));
            commands.run(new Invocation(incident.teamId(), incident.channelId(), step.userId()), parser.parse(text));
        }
        // The sample's channels are not in your workspace: nothing is to be posted to them.
        db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM slack_effects WHERE team_id = :team AND status = 'pending'")
                .bind("team", incident.teamId()).execute());
    }

    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("\\{link:([0-9.]+)}");

    /** The line that exports the main incident's retro from the database the demo kept. */
    String nextCommand(Incident incident) {
        String jar = "java -jar " + jarPath();
        String export = " export " + incident.key();
        if (usesDatabaseUrl()) {
            return jar + export + "   # with the same DATABASE_URL";
        }
        return "DATA_DIR=" + shellQuote(dataDir.toAbsolutePath().normalize().toString()) + " " + jar + export;
    }

    /** The jar this runs from, as the user can type it; {@code bot/target/incident-timeline.jar} outside a jar. */
    private static String jarPath() {
        try {
            Path self = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                Path cwd = Path.of("").toAbsolutePath();
                Path jar = self.toAbsolutePath().normalize();
                return shellQuote(jar.startsWith(cwd) ? cwd.relativize(jar).toString() : jar.toString());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through: the usual path
        }
        return "bot/target/incident-timeline.jar";
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=@+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The retro as {@code export} writes it from the same database, byte for byte. */
    private Path writeRetro(Database db, Incident incident, ZoneId zone, Instant generatedAt) {
        RetroInput input = Retros.load(db.jdbi(), incident);
        Path file = out.resolve(Retros.fileName(incident));
        OutputFiles.write(file, new RetroMarkdownRenderer().render(input, zone, generatedAt));
        db.jdbi().useHandle(h -> AttachedRepositories.of(h, RetroExportRepository.class).recordFile(incident.teamId(), incident.number(),
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
