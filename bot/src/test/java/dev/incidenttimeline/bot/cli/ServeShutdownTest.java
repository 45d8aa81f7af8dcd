package dev.incidenttimeline.bot.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as its own process, on its own embedded PostgreSQL: SIGTERM must stop it cleanly.
 * A separate JVM is the only way to see the shutdown hooks run in the order the JVM really runs them.
 */
class ServeShutdownTest {
    @TempDir
    Path dataDir;
    WireMockServer slack;
    Process process;

    @BeforeEach
    void startSlack() {
        slack = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        slack.start();
        slack.stubFor(post(anyUrl()).willReturn(okJson("{\"ok\":true}")));
        slack.stubFor(post(urlPathEqualTo("/api/auth.test")).willReturn(okJson("{\"ok\":true,\"team_id\":\"T1\","
                + "\"user_id\":\"UBOT\",\"bot_id\":\"BBOT\",\"team\":\"t\",\"user\":\"bot\",\"url\":\"https://t.slack.com/\"}")));
    }

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        slack.stop();
    }

    @Test
    void sigterm_stopsServeWithin30Seconds_withNoErrorAndNoStackTrace() throws Exception {
        Path log = dataDir.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        pb.environment().put("SLACK_BOT_TOKEN", "xoxb-test-token-0000000000");
        pb.environment().put("SLACK_SIGNING_SECRET", "test-secret");
        pb.environment().remove("SLACK_APP_TOKEN");
        pb.environment().remove("DATABASE_URL");
        pb.environment().put("SLACK_API_URL", slack.baseUrl() + "/api/");
        pb.environment().put("DATA_DIR", dataDir.resolve("data").toString());
        pb.environment().put("PORT", "0");
        pb.environment().put("HOST", "127.0.0.1");
        pb.redirectError(log.toFile());
        process = pb.start();

        // The port is in the one line serve prints on stdout once it serves.
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Pattern port = Pattern.compile("on port (\\d+)");
        String line;
        Matcher m = null;
        while ((line = out.readLine()) != null) {
            m = port.matcher(line);
            if (m.find()) {
                break;
            }
        }
        assertThat(line).as("serve's start line; log:%n%s", Files.readString(log)).isNotNull();
        CompletableFuture.runAsync(() -> out.lines().forEach(l -> { }));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + m.group(1) + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        process.destroy(); // SIGTERM
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        String text = Files.readString(log);
        assertThat(exited).as("exited within 30 s; log:%n%s", text).isTrue();
        assertThat(process.exitValue()).as(text).isIn(0, 143);
        assertThat(text).doesNotContain("ERROR").doesNotContain("\tat ");
    }
}
