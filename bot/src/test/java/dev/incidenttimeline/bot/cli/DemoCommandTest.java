package dev.incidenttimeline.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();
    private String out;
    private String err;

    @BeforeEach
    void setUp() {
        db.truncateAll();
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private Incident incident(String channelName) {
        return db.jdbi().onDemand(IncidentRepository.class).listAll().stream()
                .filter(i -> channelName.equals(i.channelName())).findFirst().orElseThrow();
    }

    @Test
    void demo_importsBothSampleIncidents_andWritesTheirRetros() throws IOException {
        env.put("DATABASE_URL", db.jdbcUrl());
        Path dir = tmp.resolve("demo-out");

        int code = run("demo", "--out", dir.toString());

        assertThat(code).as(err).isZero();
        Incident search = incident("inc-20261110-search-latency");
        Incident dns = incident("inc-20261117-dns-cache-leak");
        assertThat(search.number()).isLessThan(dns.number());
        Path searchRetro = dir.resolve("retro-" + search.key() + ".md");
        Path dnsRetro = dir.resolve("retro-" + dns.key() + ".md");
        assertThat(out.lines().toList()).startsWith(searchRetro.toString(), dnsRetro.toString());
        assertThat(out.lines()).allSatisfy(p -> assertThat(Path.of(p)).isRegularFile());
        assertThat(err).contains("Imported " + dns.key() + " \"checkout outage: API containers crash-looping\"");

        String retro = Files.readString(dnsRetro);
        assertThat(retro).contains("# " + dns.key() + ": checkout outage: API containers crash-looping");
        // The root cause, from the message tagged :dart:.
        assertThat(retro).contains("## Root cause").contains("dns-cache 1.9.0 turned on negative caching");
        // Action items with their DRI (display name) and due date; the undated one too.
        assertThat(retro).contains("## Action items")
                .containsPattern("\\| 1 \\| pin all sidecar images by digest[^\\n]*\\| tomasz \\| 2026-11-19 \\|")
                .containsPattern("\\| 6 \\| get the ENI API rate increase[^\\n]*\\| hannah \\| 2026-12-11 \\|")
                .containsPattern("\\| 7 \\| schedule the postmortem review[^\\n]*\\| — \\|");
        // The timeline, with tagged messages, their authors and links to them.
        assertThat(retro).contains("## Timeline")
                .contains("Rollback of last night's deploy complete")
                .contains("PagerBot")
                .contains("https://demo-corp.slack.com/archives/C0DEMOINC1/p");
        assertThat(Files.readString(searchRetro)).contains("set_replicas_and_swap")
                .contains("https://demo-corp.slack.com/archives/C0DEMOINC2/p");

        // The weekly review of the main incident's week, with the earlier incident's overdue item.
        Path report = dir.resolve("incident-review-2026-W47.md");
        Path chart = dir.resolve("incident-review-2026-W47.png");
        assertThat(out.lines().toList()).contains(report.toString(), chart.toString());
        String md = Files.readString(report);
        assertThat(md).contains("# Incident review: 2026-W47")
                .contains(dns.key().toString()).contains("SEV1")
                .contains("pre-swap check");
        // Both demo incidents as bulletin paragraphs, newest first, each linking its channel and its retro.
        assertThat(md).contains("## Trailing 2 weeks: 2026-W46 to 2026-W47")
                .contains("![Incidents, 2026-W46 to 2026-W47](incident-review-2026-W47.png)")
                .containsPattern("### [A-Z][a-z]{2} \\d+ Nov 2026, \\d\\d:\\d\\d · " + dns.key()
                        + ": checkout outage: API containers crash-looping")
                .contains("Retro: [retro-" + dns.key() + ".md](retro-" + dns.key() + ".md)")
                .contains("Retro: [retro-" + search.key() + ".md](retro-" + search.key() + ".md)");
        assertThat(md.indexOf("· " + dns.key() + ":")).isLessThan(md.indexOf("· " + search.key() + ":"));
        // Every open follow-up by owner, the policy figures, the trend with its chart.
        assertThat(md).contains("## Follow-ups").contains("## Policy: 2026-W40 to 2026-W47")
                .contains("- **Resolved without a retro after 5 working days:** ")
                .contains("## Trends: last 8 weeks").contains("](incident-review-2026-W47-trend.png)")
                .contains("| 2026-W47 | 1 | 1 | 0 | 0 | 0 |");
        assertThat(ImageIO.read(dir.resolve("incident-review-2026-W47-trend.png").toFile())).isNotNull();
        BufferedImage png = ImageIO.read(chart.toFile());
        assertThat(png.getWidth()).isGreaterThan(600);
    }

    @Test
    void demo_runTwiceOnOneDatabase_importsNothingTwice() {
        env.put("DATABASE_URL", db.jdbcUrl());

        assertThat(run("demo", "--out", tmp.resolve("a").toString())).as(err).isZero();
        assertThat(run("demo", "--out", tmp.resolve("b").toString())).as(err).isZero();

        assertThat(db.jdbi().onDemand(IncidentRepository.class).listAll()).hasSize(2);
        assertThat(err).contains("already up to date");
    }

    @Test
    void demo_withoutADatabase_runsOnAnEmbeddedPostgresInItsOwnFolder() throws IOException {
        Path dir = tmp.resolve("out");
        Path data = tmp.resolve("data");

        int code = run("demo", "--out", dir.toString(), "--data-dir", data.toString());

        assertThat(code).as(err).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(List.of("incident-review-2026-W47-trend.png", "incident-review-2026-W47.md",
                            "incident-review-2026-W47.png", "retro-INC-1.md", "retro-INC-2.md"));
        }
        assertThat(Files.readString(dir.resolve("retro-INC-2.md"))).contains("checkout outage");
        assertThat(data).isDirectory();
    }
}
