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
import java.nio.file.attribute.PosixFilePermissions;
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
        assertThat(out.lines().filter(l -> !l.startsWith("Next: ")))
                .allSatisfy(p -> assertThat(Path.of(p)).isRegularFile());
        assertThat(out.lines().toList()).last().asString().startsWith("Next: java -jar ")
                .endsWith(" export " + dns.key() + "   # with the same DATABASE_URL");
        assertThat(err).contains("Imported " + dns.key() + " \"checkout outage: API containers crash-looping\"");

        String retro = Files.readString(dnsRetro);
        assertThat(retro).contains("# " + dns.key() + ": checkout outage: API containers crash-looping");
        // Every section is filled: nothing says "not recorded", no command is left to run.
        assertThat(retro).doesNotContainIgnoringCase("not recorded").doesNotContain("Nothing yet")
                .doesNotContain("nobody yet").doesNotContain("To fix before the review");
        assertThat(retro).contains("commander: \"priya\"").contains("dri: \"priya\"")
                .contains("## Summary\n\nCheckout failed for up to 40% of requests from 09:05 to 11:05 UTC")
                .contains("## Impact\n\nRoughly 18k failed checkout attempts");
        // The key times are the channel's: impact from 09:05, the alert at 09:12, mitigated 11:05, all clear 13:36.
        assertThat(retro).contains("| Started | Tue 17 Nov 2026, 09:05 UTC | set by hannah |")
                .contains("| Detected | Tue 17 Nov 2026, 09:12 UTC | set by hannah |")
                .contains("| Declared | Tue 17 Nov 2026, 09:12 UTC | the declaration |")
                .contains("| Mitigated | Tue 17 Nov 2026, 11:05 UTC | set by hannah |")
                .contains("| Resolved | Tue 17 Nov 2026, 13:36 UTC | set by hannah |")
                .contains("| Time to detect | 7m |")
                .contains("| Time to mitigate | 2h |")
                .contains("| Time to resolve | 4h 31m |")
                .contains("resolved: \"2026-11-17T13:36:10Z\"");
        // The timeline is the incident's: the retro meeting's commands and the import's guess at the
        // resolution (the last message, 13:40) are not on it.
        assertThat(retro).doesNotContain("### Wednesday 18 November 2026").doesNotContain("| 13:40 UTC | Resolved |")
                .contains("| 13:36 UTC | Event | priya | All clear");
        // The root cause statement first, then the chain in order, then the findings that support it.
        String rootCause = section(retro, "## Root cause");
        assertThat(rootCause).startsWith("## Root cause\n\ndns-cache 1.9.0 turned on negative caching by default");
        assertThat(rootCause).containsSubsequence("### Causal chain", "1. dns-cache 1.9.0, pulled through the"
                + " floating `:stable` tag", "2. Every api-checkout task hit its 1 GB limit", "3. Crash-loop restarts,"
                + " the rollback and the fix", "4. Once the limit was raised, 600 tasks booted at once",
                "### Findings that support it", "dns-cache is at 412MiB", "ENI mutating calls are a token bucket",
                "Waiting for table metadata lock", "Root cause: dns-cache 1.9.0 turned on negative caching");
        assertThat(section(retro, "## Contributing factors").lines().filter(l -> l.startsWith("- ")).count())
                .isEqualTo(6);
        assertThat(section(retro, "## How did we do")).contains("### What went well\n\n- Rolling back ruled out")
                .contains("### What went wrong\n\n- Impact began at 09:05; the alert fired at 09:12")
                .contains("### Where we got lucky\n\n- The provider raised the ENI rate");
        // Follow-ups: cleanups first, then by priority and due date; each dated, with its DRI.
        String followUps = section(retro, "## Follow-ups");
        assertThat(followUps)
                .containsPattern("\\| 2 \\| remove migrations from container boot[^\\n]*\\| cleanup \\| P1 \\| Daniel Kim"
                        + " \\| 2026-11-24 \\|")
                .containsPattern("\\| 1 \\| pin all sidecar images by digest[^\\n]*\\| prevent \\| P1 \\| tomasz"
                        + " \\| 2026-11-19 \\|")
                .containsPattern("\\| 6 \\| get the ENI API rate increase[^\\n]*\\| cleanup \\| P1 \\| hannah"
                        + " \\| 2026-12-11 \\|")
                .containsPattern("\\| 7 \\| schedule the postmortem review[^\\n]*\\| process \\| P2 \\| priya"
                        + " \\| 2026-11-20 \\|")
                .doesNotContain("no due date").doesNotContain("no owner");
        assertThat(followUps.indexOf("| 2 |")).isLessThan(followUps.indexOf("| 6 |"));
        assertThat(followUps.indexOf("| 6 |")).isLessThan(followUps.indexOf("| 1 |"));
        assertThat(followUps.indexOf("| 1 |")).isLessThan(followUps.indexOf("| 3 |"));
        assertThat(followUps.indexOf("| 3 |")).isLessThan(followUps.indexOf("| 7 |"));
        // The commands the team typed were run (and shown), not written as SQL.
        assertThat(err).contains("hannah: /incident started 09:05").contains("priya: /incident chain");
        // The timeline, with tagged messages, their authors and links to them.
        assertThat(retro).contains("## Timeline")
                .contains("Rollback of last night's deploy complete")
                .contains("PagerBot")
                .contains("https://demo-corp.slack.com/archives/C0DEMOINC1/p");
        assertThat(Files.readString(searchRetro)).contains("set_replicas_and_swap")
                .doesNotContainIgnoringCase("not recorded").doesNotContain("Nothing yet")
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
        // Its times are the retro's key moments: impact from 09:05, detected at 09:12, resolved at 13:36.
        assertThat(md).contains("**SEV1** · resolved · lasted 4h 31m")
                .contains("- **MTTD** (mean time to detect, from the start of impact): 7m")
                .contains("| 2026-W47 | 1 | 1 | 0 | 0 | 0 | 4h 31m | 7m |");
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
        // Every file the demo writes has the same ordinary permissions.
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).allSatisfy(f ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--"));
        }
        // It names the line to run next, and that line exports the same retro from the kept database.
        String next = out.lines().filter(l -> l.startsWith("Next: ")).findFirst().orElseThrow();
        assertThat(next).isEqualTo("Next: DATA_DIR=" + data.toAbsolutePath().normalize()
                + " java -jar bot/target/incident-timeline.jar export INC-2");
        Map<String, String> exportEnv = Map.of("DATA_DIR", data.toString());
        CliRun first = CliRun.run(exportEnv, "export", "INC-2");
        CliRun second = CliRun.run(exportEnv, "export", "INC-2");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo(Files.readString(dir.resolve("retro-INC-2.md")));
        // Two exports of the unchanged incident are byte-identical, Markdown and JSON.
        assertThat(second.out()).isEqualTo(first.out());
        CliRun json1 = CliRun.run(exportEnv, "export", "INC-2", "--format", "json");
        CliRun json2 = CliRun.run(exportEnv, "export", "INC-2", "--format", "json");
        assertThat(json1.code()).as(json1.err()).isZero();
        assertThat(json2.out()).isEqualTo(json1.out()).contains("\"lastChangedAt\"");
        // An export to a file gets the same permissions as the demo's files.
        Path file = tmp.resolve("exported.md");
        assertThat(CliRun.run(exportEnv, "export", "INC-2", "--out", file.toString()).code()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(file)).isEqualTo(first.out());
    }

    @Test
    void list_onAnEmptyDatabase_namesTheDatabaseItRead() {
        Path data = tmp.resolve("empty");
        CliRun r = CliRun.run(Map.of("DATA_DIR", data.toString()), "list");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("No incidents in embedded PostgreSQL in " + data + ".\n");
    }

    private static String section(String out, String heading) {
        int start = out.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = out.indexOf("\n## ", start + 1);
        return out.substring(start + 1, end < 0 ? out.length() : end + 1);
    }
}
