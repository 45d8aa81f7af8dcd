package dev.incidenttimeline.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.importer.ExportFixtures;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
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
        env.put("DATABASE_URL", db.jdbcUrl());
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private static Path sampleExport() {
        try {
            return Path.of(ImportCommandTest.class.getResource("/sample-export").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Incident onlyIncident() {
        List<Incident> all = db.jdbi().onDemand(IncidentRepository.class).listAll();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void import_printsWhatItStored_andReportsProgressOnStderr() {
        int code = run("import", ExportFixtures.small().toString(), "--channel", ExportFixtures.CHANNEL);

        assertThat(code).as(err).isZero();
        Incident i = onlyIncident();
        assertThat(out).isEqualTo("Imported " + i.key() + " \"payments queue stuck on a poison message\" from"
                + " #inc-20261201-payments-queue: 13 messages, 14 timeline entries, 3 action items, 3 participants."
                + System.lineSeparator());
        assertThat(err).contains("read 2 day files, 13 messages");
    }

    @Test
    void importingAgain_saysItIsAlreadyUpToDate() {
        run("import", ExportFixtures.small().toString(), "--channel", ExportFixtures.CHANNEL);

        int code = run("import", ExportFixtures.small().toString(), "--channel", ExportFixtures.CHANNEL);

        assertThat(code).isZero();
        assertThat(out).contains("is already up to date: 13 messages, 14 timeline entries, 3 action items,"
                + " 3 participants.");
        assertThat(db.jdbi().onDemand(IncidentRepository.class).listAll()).hasSize(1);
    }

    @Test
    void options_setTitleSeverityTeam_andOpen() {
        int code = run("import", ExportFixtures.small().toString(), "--channel", ExportFixtures.CHANNEL,
                "--title", "Payments backlog", "--severity", "1", "--team", "T0CLI", "--open");

        assertThat(code).as(err).isZero();
        Incident i = onlyIncident();
        assertThat(i.title()).isEqualTo("Payments backlog");
        assertThat(i.severity()).isEqualTo(Severity.SEV1);
        assertThat(i.teamId()).isEqualTo("T0CLI");
        assertThat(i.status()).isEqualTo(IncidentStatus.INVESTIGATING);
    }

    @Test
    void timelineReactions_fromTheEnvironment_decideWhatIsTagged() {
        env.put("TIMELINE_REACTIONS", "eyes=finding");

        int code = run("import", ExportFixtures.small().toString(), "--channel", ExportFixtures.CHANNEL);

        assertThat(code).as(err).isZero();
        assertThat(out).contains("13 messages, 6 timeline entries, 0 action items, 3 participants.");
        Incident i = onlyIncident();
        assertThat(db.jdbi().onDemand(TimelineRepository.class).listForIncident(i.teamId(), i.number()))
                .filteredOn(e -> e.messageTs() != null).extracting(TimelineEntry::kind)
                .containsExactly(EntryKind.FINDING);
    }

    @Test
    void zipExport_isImported() {
        Path zip = ExportFixtures.zip(ExportFixtures.small(), tmp.resolve("slack-export.zip"));

        int code = run("import", zip.toString(), "--channel", "#" + ExportFixtures.CHANNEL);

        assertThat(code).as(err).isZero();
        assertThat(out).startsWith("Imported INC-");
    }

    @Test
    void bundledSample_importsTheDnsCacheLeakIncident() {
        int code = run("import", sampleExport().toString(), "--channel", "inc-20261117-dns-cache-leak");

        assertThat(code).as(err).isZero();
        Incident i = onlyIncident();
        assertThat(out).isEqualTo("Imported " + i.key() + " \"checkout outage: API containers crash-looping\" from"
                + " #inc-20261117-dns-cache-leak: 214 messages, 38 timeline entries, 7 action items,"
                + " 7 participants." + System.lineSeparator());
        assertThat(i.teamId()).isEqualTo("T0DEMO0001");
        assertThat(i.severity()).isEqualTo(Severity.SEV1);
        assertThat(i.detectedAt()).isNotNull();
        assertThat(i.mitigatedAt()).isNotNull();
        List<ActionItem> items = db.jdbi().onDemand(ActionItemRepository.class)
                .listForIncident(i.teamId(), i.number());
        assertThat(items).extracting(ActionItem::ownerId).containsExactly("U0DEMO0004", "U0DEMO0006",
                "U0DEMO0002", "U0DEMO0003", "U0DEMO0005", "U0DEMO0007", "U0DEMO0001");
        assertThat(items).extracting(ActionItem::dueDate).containsExactly(LocalDate.of(2026, 11, 19),
                LocalDate.of(2026, 11, 24), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 11, 27),
                LocalDate.of(2026, 12, 4), LocalDate.of(2026, 12, 11), null);
        assertThat(db.jdbi().onDemand(ParticipantRepository.class).list(i.teamId(), i.number())).hasSize(7);
    }

    /** Secrets as people paste them; none is a real credential (AWS's documented examples, made-up tokens). */
    private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SLACK_TOKEN = "xoxb-1234567890-abcdefghijklmnop";
    private static final String SLACK_USER_TOKEN = "xoxp-9876543210-zyxwvutsrqponmlk";
    private static final String KEY_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw";
    private static final String CUSTOM = "ACME-12345678";

    @Test
    void importedSecrets_appearNowhereInTheStoredRowsNorTheExportedRetro() {
        Path export = ExportFixtures.copyOfSmall(tmp);
        String key = "-----BEGIN RSA PRIVATE KEY-----\\n" + KEY_BODY + "\\n-----END RSA PRIVATE KEY-----";
        ExportFixtures.write(export.resolve(ExportFixtures.CHANNEL).resolve("2026-12-03.json"), """
                [
                  {"type": "message", "user": "U0SMALL01", "ts": "1796292000.000100",
                   "text": "repro: AWS_ACCESS_KEY_ID=%1$s aws_secret_access_key = %2$s ./replay.sh",
                   "reactions": [{"name": "pushpin", "users": ["U0SMALL02"], "count": 1}]},
                  {"type": "message", "user": "U0SMALL02", "ts": "1796292060.000200",
                   "text": "Action: revoke %3$s and ticket %5$s — owner <@U0SMALL02> due 2026-12-09",
                   "reactions": [{"name": "memo", "users": ["U0SMALL01"], "count": 1}]},
                  {"type": "message", "user": "U0SMALL03", "ts": "1796292120.000300",
                   "text": "the key it used: %4$s",
                   "reactions": [{"name": "pushpin", "users": ["U0SMALL01"], "count": 1}]},
                  {"type": "message", "user": "U0SMALL01", "ts": "1796292180.000400", "text": "from the job log",
                   "attachments": [{"fallback": "log", "text": "exported SLACK_TOKEN=%6$s"}],
                   "reactions": [{"name": "pushpin", "users": ["U0SMALL01"], "count": 1}]}
                ]
                """.formatted(AWS_KEY, AWS_SECRET, SLACK_TOKEN, key, CUSTOM, SLACK_USER_TOKEN));
        env.put("REDACT_PATTERNS", "ACME-[0-9]{8}");

        assertThat(run("import", export.toString(), "--channel", ExportFixtures.CHANNEL)).as(err).isZero();
        Incident i = onlyIncident();
        assertThat(run("export", i.key().toString())).as(err).isZero();
        String retro = out;

        List<String> tables = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_type = 'BASE TABLE'").mapTo(String.class).list());
        StringBuilder rows = new StringBuilder();
        for (String table : tables) {
            // Table names come from the catalogue, not from input; quoted as identifiers.
            db.jdbi().useHandle(h -> h.createQuery("SELECT t::text FROM \"" + table.replace("\"", "\"\"") + "\" t")
                    .mapTo(String.class).forEach(r -> rows.append(table).append(": ").append(r).append('\n')));
        }
        String[] secrets = {AWS_KEY, AWS_SECRET, SLACK_TOKEN, SLACK_USER_TOKEN, KEY_BODY, CUSTOM};
        assertThat(rows.toString()).doesNotContain(secrets).contains("[redacted: aws-access-key]",
                "[redacted: slack-token]", "[redacted: private-key]");
        // Markdown escapes the brackets of the marker.
        assertThat(retro).doesNotContain(secrets).contains("\\[redacted: aws-access-key\\]",
                "\\[redacted: slack-token\\]", "\\[redacted: private-key\\]", "\\[redacted: custom\\]");
    }

    @Test
    void zipSlip_exitsWith2_andOneLineNamingTheEntry() {
        Path zip = ExportFixtures.zipOf(tmp.resolve("evil.zip"), Map.of(
                "channels.json", "[]", "users.json", "[]", "../evil.json", "[]"));

        int code = run("import", zip.toString(), "--channel", "inc-x");

        assertThat(code).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
                .startsWith("incident-timeline: evil.zip has an entry '../evil.json' whose path leaves the export");
        assertThat(out).isEmpty();
    }

    @Test
    void unknownChannel_exitsWith2_listingTheChannels() {
        int code = run("import", ExportFixtures.small().toString(), "--channel", "inc-missing");

        assertThat(code).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("incident-timeline: channel 'inc-missing' is not in small; give --channel"
                + " one of its channels: general, inc-20261201-payments-queue, inc-20261202-secret");
    }

    @Test
    void badSeverity_exitsWith2_sayingTheRightForm() {
        int code = run("import", ExportFixtures.small().toString(), "--channel", ExportFixtures.CHANNEL,
                "--severity", "7");

        assertThat(code).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("incident-timeline: --severity must be 1 to 4 (or sev1 to sev4), not '7'");
        assertThat(db.jdbi().onDemand(IncidentRepository.class).listAll()).isEmpty();
    }

    @Test
    void missingChannelOption_exitsWith2() {
        int code = run("import", ExportFixtures.small().toString());

        assertThat(code).isEqualTo(2);
        assertThat(err).contains("--channel");
    }

    @Test
    void help_describesTheCommand() {
        int code = run("import", "--help");

        assertThat(code).isZero();
        assertThat(out).contains("--channel", "--title", "--severity", "--team", "--open");
    }
}
