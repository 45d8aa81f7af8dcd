package dev.incidenttimeline.export.retro;

import static dev.incidenttimeline.export.retro.RetroFixtures.GENERATED_AT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetroJsonTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode richJson() throws Exception {
        return MAPPER.readTree(RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT)));
    }

    @Test
    void json_parsesBackWithTheRetroFields() throws Exception {
        JsonNode json = richJson();

        assertThat(json.get("version").asInt()).isEqualTo(RetroModel.VERSION);
        assertThat(json.get("key").asText()).isEqualTo("INC-42");
        assertThat(json.get("titleText").asText()).isEqualTo("Primary database failover");
        assertThat(json.get("severity").asText()).isEqualTo("SEV2");
        assertThat(json.get("status").asText()).isEqualTo("resolved");
        assertThat(json.get("commander").get("name").asText()).isEqualTo("alice");
        assertThat(json.get("entries")).hasSize(14);
        assertThat(json.get("actionItems")).hasSize(4);
        assertThat(json.get("keyTimes")).hasSize(5);
        assertThat(json.get("intervals")).hasSize(3);
        assertThat(json.get("responders")).hasSize(3);
        assertThat(json.get("findings")).hasSize(2);
        assertThat(json.get("mitigations")).hasSize(2);
    }

    @Test
    void json_timesAreIso8601Utc() throws Exception {
        JsonNode json = richJson();

        assertThat(json.get("generatedAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
        JsonNode first = json.get("entries").get(0);
        assertThat(first.get("at").asText()).isEqualTo("2026-11-17T23:38:12Z");
        assertThat(Instant.parse(first.get("at").asText())).isEqualTo(Instant.parse("2026-11-17T23:38:12Z"));
        assertThat(json.get("keyTimes").get(4).get("at").asText()).isEqualTo("2026-11-18T02:15:00Z");
        assertThat(json.get("actionItems").get(2).get("closedAt").asText()).isEqualTo("2026-11-19T16:00:00Z");
    }

    @Test
    void json_keepsAbsentValuesAsNull() throws Exception {
        JsonNode json = MAPPER.readTree(RetroJson.write(RetroModel.build(RetroFixtures.titleOnly(), UTC, GENERATED_AT)));

        assertThat(json.get("summary").isNull()).isTrue();
        assertThat(json.get("dri").isNull()).isTrue();
        assertThat(json.get("keyTimes").get(4).get("at").isNull()).isTrue();
        assertThat(json.get("intervals").get(0).get("seconds").isNull()).isTrue();
        assertThat(json.get("entries")).isEmpty();
    }

    @Test
    void json_fieldsComeInDeclaredOrderWithoutTemplateOnlyValues() throws Exception {
        List<String> names = new ArrayList<>();
        richJson().fieldNames().forEachRemaining(names::add);

        assertThat(names).startsWith("version", "key", "number", "title", "titleText")
                .endsWith("actionItems", "responders")
                .doesNotContain("frontMatter", "days", "mermaid", "mermaidTitle", "headline", "actionSummary",
                        "hasFindings");
        List<String> entryFields = new ArrayList<>();
        richJson().get("entries").get(0).fieldNames().forEachRemaining(entryFields::add);
        assertThat(entryFields).containsExactly("id", "kind", "kindLabel", "source", "at", "date", "time", "when",
                "author", "text", "textPlain", "threadReply", "permalink");
    }

    @Test
    void everyJsonField_isDocumented() throws Exception {
        String doc;
        try (var in = RetroJson.class.getResourceAsStream("/templates/retro-json.md")) {
            assertThat(in).as("retro-json.md on the class path").isNotNull();
            doc = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        collectFieldNames(richJson(), names);

        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(doc).contains("| `" + name + "` |"));
    }

    private static void collectFieldNames(JsonNode node, java.util.Set<String> names) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                names.add(name);
                collectFieldNames(node.get(name), names);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectFieldNames(child, names));
        }
    }

    @Test
    void json_isDeterministicAndUsesUnixNewlines() {
        String a = RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT));
        String b = RetroJson.write(RetroModel.build(RetroFixtures.rich(), UTC, GENERATED_AT));

        assertThat(a).isEqualTo(b).doesNotContain("\r").endsWith("}\n");
    }
}
