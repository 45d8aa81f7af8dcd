package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentKey;
import dev.incidenttimeline.export.retro.RetroInput;
import dev.incidenttimeline.export.retro.RetroJson;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.export.retro.RetroModel;
import dev.incidenttimeline.export.retro.RetroTemplate;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.Database;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.RetroExportRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = {
    "Write the retro of an incident: Markdown (default) or JSON.",
    "A Mustache template (--template, or RETRO_TEMPLATE) can replace the built-in layout;",
    "--print-template prints the built-in one to start from."})
final class ExportCommand extends CliCommand {
    enum Format { md, json }

    @Parameters(index = "0", arity = "0..1", paramLabel = "INC-42", description = "The incident key.")
    String key;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path out;

    @Option(names = "--template", paramLabel = "FILE.mustache", description = "Lay the retro out with this template.")
    Path template;

    @Option(names = "--format", defaultValue = "md", description = "md or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--print-template", description = "Print the built-in Markdown template and exit.")
    boolean printTemplate;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (printTemplate) {
            context.out().print(RetroMarkdownRenderer.builtInTemplate());
            return 0;
        }
        if (key == null) {
            throw new DomainException("which incident? give its key, e.g. export INC-42");
        }
        IncidentKey incidentKey = IncidentKey.parse(key).orElseThrow(() -> new DomainException(
                "'" + key + "' is not an incident key; expected INC-42"));
        Settings settings = settings();
        Optional<RetroTemplate> userTemplate = loadTemplate(Optional.ofNullable(template).or(settings::retroTemplate));
        if (userTemplate.isPresent() && format == Format.json) {
            throw new DomainException("--template lays out Markdown; it cannot be combined with --format json");
        }
        Instant now = clock.instant();
        String text;
        try (Database db = openDatabase()) {
            Incident incident = db.jdbi().onDemand(IncidentRepository.class).findByNumber(incidentKey.number())
                    .orElseThrow(() -> new DomainException("no incident " + incidentKey
                            + " in this database; run 'list' to see the keys"));
            RetroInput input = Retros.load(db.jdbi(), incident);
            RetroMarkdownRenderer renderer = new RetroMarkdownRenderer();
            text = switch (format) {
                case json -> RetroJson.write(RetroModel.build(input, settings.zone(), now));
                case md -> userTemplate.map(t -> renderer.render(input, settings.zone(), now, t))
                        .orElseGet(() -> renderer.render(input, settings.zone(), now));
            };
            if (out == null) {
                context.out().print(text);
            } else {
                OutputFiles.write(out, text.getBytes(StandardCharsets.UTF_8));
                context.err().println("wrote " + out);
                if (format == Format.md) {
                    // The weekly report links the retro by this name, and stops counting it as missing.
                    db.jdbi().useHandle(h -> AttachedRepositories.of(h, RetroExportRepository.class).recordFile(incident.teamId(),
                            incident.number(), out.getFileName().toString(), now));
                }
            }
        }
        return 0;
    }

    private static Optional<RetroTemplate> loadTemplate(Optional<Path> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        String source;
        try {
            source = java.nio.file.Files.readString(path.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DomainException("cannot read the template " + path.get() + " (" + e.getMessage() + ")");
        }
        return Optional.of(RetroTemplate.compile(source, path.get().getFileName().toString()));
    }
}
