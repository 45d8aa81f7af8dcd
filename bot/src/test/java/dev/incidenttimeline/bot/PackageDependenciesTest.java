package dev.incidenttimeline.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/architecture.md, checked: features depend on the runtime, never
 * the other way round, and no two packages of {@code bot/} depend on each other. Read from
 * the sources, so a fully qualified name cannot hide a dependency either.
 */
class PackageDependenciesTest {
    private static final String BASE = "dev.incidenttimeline.bot";
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern REFERENCE = Pattern.compile("\\b(" + Pattern.quote(BASE) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(source);
                assertThat(pkg.find()).as("package line of %s", file).isTrue();
                String from = pkg.group(1);
                Set<String> to = DEPENDENCIES.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher ref = REFERENCE.matcher(source);
                while (ref.find()) {
                    if (!ref.group(1).equals(from)) {
                        to.add(ref.group(1));
                    }
                }
            }
        }
        assertThat(DEPENDENCIES).as("packages read").hasSizeGreaterThan(5);
    }

    @Test
    void noPackageCycles() {
        assertThat(cycles()).isEmpty();
    }

    @Test
    void runtimeDependsOnNoFeature() {
        // The runtime, and the rules it carries for every feature: who may see an incident, what
        // is redacted, what a log line may hold. None of them depends on a feature either.
        Set<String> runtime = Set.of(BASE + ".slack", BASE + ".queue", BASE + ".config", BASE + ".visibility",
                BASE + ".redaction", BASE + ".logging", BASE + ".schedule");
        for (String pkg : runtime) {
            assertThat(DEPENDENCIES.getOrDefault(pkg, Set.of()))
                    .as("what %s depends on", pkg)
                    .allMatch(runtime::contains);
        }
    }

    @Test
    void nothingButTheCommandLineDependsOnTheCompositionRoot() {
        DEPENDENCIES.forEach((from, to) -> {
            assertThat(to).as("what %s depends on", from).doesNotContain(BASE + ".cli");
            if (!from.equals(BASE + ".cli")) {
                assertThat(to).as("what %s depends on", from).doesNotContain(BASE + ".app");
            }
        });
    }

    /** Strongly connected groups of more than one package (Tarjan). */
    private static List<List<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String v : DEPENDENCIES.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<List<String>> found, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : DEPENDENCIES.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, found, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> group = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                group.sort(null);
                found.add(group);
            }
        }
    }
}
