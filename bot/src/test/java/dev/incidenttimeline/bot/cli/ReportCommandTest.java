package dev.incidenttimeline.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code report}: --weeks, --format md|json, the charts beside the Markdown, and the retro a CLI export wrote. */
class ReportCommandTest {
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

    @Test
    void report_writesMarkdownWithBothChartsBesideIt_andJsonOnRequest() throws Exception {
        assertThat(run("demo", "--out", tmp.resolve("demo").toString())).as(err).isZero();
        // A CLI export names the retro file the report then links.
        assertThat(run("export", "INC-2", "--out", tmp.resolve("reports/INC-2 retro.md").toString())).as(err).isZero();

        Path md = tmp.resolve("reports/review.md");
        assertThat(run("report", "--week", "2026-W47", "--weeks", "1", "--out", md.toString())).as(err).isZero();
        String text = Files.readString(md);
        assertThat(text).contains("## Trailing 1 week: 2026-W47").contains("![Incidents, 2026-W47](review.png)")
                .contains("](review-trend.png)")
                .contains("Retro: [INC-2 retro.md](INC-2%20retro.md)")
                // One week: the earlier incident is not in the bulletin.
                .doesNotContain("· INC-1:");
        assertThat(ImageIO.read(tmp.resolve("reports/review.png").toFile()).getWidth()).isEqualTo(1200);
        assertThat(ImageIO.read(tmp.resolve("reports/review-trend.png").toFile())).isNotNull();

        assertThat(run("report", "--week", "2026-W47", "--format", "json")).as(err).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.at("/window/label").asText()).isEqualTo("2026-W46 to 2026-W47");
        assertThat(json.get("bulletin")).extracting(b -> b.get("key").asText()).containsExactly("INC-2", "INC-1");
        assertThat(json.get("trend")).hasSize(8);
    }

    @Test
    void aWindowOutOfRange_isRefusedWithTheRightForm() {
        assertThat(run("report", "--weeks", "9")).isEqualTo(2);
        assertThat(err).contains("--weeks is the trailing window, 1 to 8 weeks (e.g. --weeks 2), not 9");
        assertThat(run("report", "--format", "pdf")).isEqualTo(2);
        assertThat(err).contains("pdf");
    }
}
