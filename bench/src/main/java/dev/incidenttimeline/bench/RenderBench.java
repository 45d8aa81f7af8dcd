package dev.incidenttimeline.bench;

import com.sun.management.ThreadMXBean;
import dev.incidenttimeline.bot.report.WeeklyReports;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.export.retro.RetroInput;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.store.IncidentRepository;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Retro export of incidents with 1k/10k/100k entries, and the weekly report over
 * 2k/20k/200k incidents: wall time (store read + render) and bytes allocated, medians of
 * several runs after a warm-up, to show how cost grows.
 */
final class RenderBench {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    static final Instant EXPORT_AT = Instant.parse("2027-01-20T12:00:00Z");

    private RenderBench() {
    }

    record Measure(double medianMs, double medianAllocMiB, long outputBytes) {
    }

    static Map<String, Measure> exports(int[] sizes, int runs) throws Exception {
        Map<String, Measure> out = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("itl-bench-export");
        try (BenchPostgres pg = new BenchPostgres(dir.resolve("pg"))) {
            RetroMarkdownRenderer renderer = new RetroMarkdownRenderer();
            for (int size : sizes) {
                Incident inc = incidentWithEntries(pg.jdbi(), "TEXP" + size, size);
                out.put("export_" + size, measure(runs, () -> {
                    RetroInput in = Retros.load(pg.jdbi(), inc);
                    return renderer.render(in, ZoneOffset.UTC, EXPORT_AT).length();
                }));
            }
        }
        return out;
    }

    static Map<String, Measure> reports(int[] sizes, int runs) throws Exception {
        Map<String, Measure> out = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("itl-bench-report");
        IsoWeek week = IsoWeek.parse("2027-W03");
        try (BenchPostgres pg = new BenchPostgres(dir.resolve("pg"))) {
            for (int size : sizes) {
                String team = "TREP" + size;
                incidentsInTwoWeeks(pg.jdbi(), team, size, week);
                out.put("report_" + size, measure(runs, () -> {
                    WeeklyReports.Rendered r = WeeklyReports.render(WeeklyReports.load(pg.jdbi(), team, week,
                            ZoneOffset.UTC, EXPORT_AT.plusSeconds(86400 * 5), true));
                    return r.markdown().length() + r.chartPng().length;
                }));
            }
        }
        return out;
    }

    interface Work {
        long run() throws Exception;
    }

    private static Measure measure(int runs, Work work) throws Exception {
        long bytes = work.run(); // warm-up
        List<Double> ms = new ArrayList<>();
        List<Double> alloc = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long tid = Thread.currentThread().getId();
            long a0 = THREADS.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            bytes = work.run();
            ms.add((System.nanoTime() - t0) / 1e6);
            alloc.add((THREADS.getThreadAllocatedBytes(tid) - a0) / (1024.0 * 1024.0));
        }
        return new Measure(Bench.median(ms), Bench.median(alloc), bytes);
    }

    static Incident incidentWithEntries(Jdbi jdbi, String team, int entries) {
        IncidentRepository incidents = jdbi.onDemand(IncidentRepository.class);
        Instant declared = Instant.parse("2027-01-15T08:00:00Z");
        Incident inc = incidents.create(new NewIncident(team, "Large incident with " + entries + " entries",
                Severity.SEV1, false, "U1", "U1", declared, "A long outage used to measure export cost."));
        incidents.setChannel(team, inc.number(), "C" + team, "inc-" + entries);
        jdbi.useHandle(h -> {
            h.createUpdate("""
                    INSERT INTO slack_users (team_id, user_id, display_name, real_name)
                    SELECT :team, 'U' || g, 'user' || g, 'User Number ' || g FROM generate_series(1, 40) g
                    """).bind("team", team).execute();
            h.createUpdate("""
                    INSERT INTO timeline_entries (team_id, incident_number, kind, source, occurred_at, author_id, text,
                                                  channel_id, message_ts, thread_ts, permalink, tagged_by)
                    SELECT :team, :n,
                           (ARRAY['event','detection','finding','mitigation','root_cause','note'])[1 + g % 6],
                           'reaction', CAST(:declared AS timestamptz) + g * interval '2 seconds', 'U' || (1 + g % 40),
                           'Step ' || g || ': checked <@U' || (1 + g % 40) || '> pool at ' || (g % 97)
                             || '% | see <https://grafana.example.com/d/' || g || '|dashboard> & retry',
                           :channel, (1800000000 + g) || '.000100',
                           CASE WHEN g % 10 = 0 THEN (1800000000 + g - 1) || '.000100' END,
                           'https://bench.slack.com/archives/C/p' || g, 'U' || (1 + g % 7)
                    FROM generate_series(1, :entries) g
                    """).bind("team", team).bind("n", inc.number()).bind("declared", declared)
                    .bind("channel", "C" + team).bind("entries", entries).execute();
            h.createUpdate("""
                    INSERT INTO action_items (team_id, incident_number, number, text, owner_id, due_date, created_at)
                    SELECT :team, :n, g, 'Follow-up ' || g, 'U' || g, DATE '2027-01-10' + g, :declared
                    FROM generate_series(1, 20) g
                    """).bind("team", team).bind("n", inc.number()).bind("declared", declared).execute();
        });
        return incidents.find(team, inc.number()).orElseThrow();
    }

    static void incidentsInTwoWeeks(Jdbi jdbi, String team, int count, IsoWeek week) {
        Instant from = week.previous().start(ZoneOffset.UTC);
        long spanSeconds = 14L * 86400 - 7200;
        jdbi.useHandle(h -> {
            h.createUpdate("""
                    INSERT INTO incidents (team_id, title, severity, status, channel_id, channel_name, commander_id,
                                           dri_id, declared_at, resolved_at, created_by)
                    SELECT :team, 'Incident ' || g || ': elevated errors in service ' || (g % 50),
                           1 + g % 4,
                           CASE WHEN g % 10 = 0 THEN 'monitoring' ELSE 'resolved' END,
                           'C' || :team || g, 'inc-' || g, 'U' || (g % 30), 'U' || (g % 30),
                           CAST(:from AS timestamptz) + ((g * 7919) % :span) * interval '1 second',
                           CASE WHEN g % 10 = 0 THEN NULL
                                ELSE CAST(:from AS timestamptz) + ((g * 7919) % :span) * interval '1 second'
                                     + (600 + g % 7200) * interval '1 second' END,
                           'U1'
                    FROM generate_series(1, :count) g
                    """).bind("team", team).bind("from", from).bind("span", spanSeconds).bind("count", count)
                    .execute();
            h.createUpdate("""
                    INSERT INTO action_items (team_id, incident_number, number, text, owner_id, due_date, status,
                                              created_at, closed_at)
                    SELECT team_id, number, 1, 'Follow-up of ' || title, 'U' || (number % 30),
                           DATE '2027-01-11' + (number % 20)::int,
                           CASE WHEN number % 3 = 0 THEN 'done' ELSE 'open' END, declared_at,
                           CASE WHEN number % 3 = 0 THEN declared_at + interval '1 day' END
                    FROM incidents WHERE team_id = :team
                    """).bind("team", team).execute();
        });
    }
}
