package dev.incidenttimeline.bot.capture.importer;

import dev.incidenttimeline.domain.DomainException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The files of a Slack workspace export, read where they are: from the zip Slack hands out
 * (entries are read directly, nothing is unpacked) or from a folder it was unpacked into.
 * Paths are relative and use {@code /}: {@code channels.json}, {@code inc-x/2026-11-17.json}.
 *
 * <p>A zip whose entry names leave the export root ({@code ../evil.json}, {@code /etc/x})
 * is refused as a whole ("zip slip"): a real export never has one, so such a file is
 * either not an export or has been tampered with.
 */
final class ExportArchive implements Closeable {
    private final String displayName;
    private final Path folder;
    private final ZipFile zip;
    /** Zip entries by their path relative to the export root (a single wrapping folder is stripped). */
    private final Map<String, ZipEntry> entries;

    private ExportArchive(String displayName, Path folder, ZipFile zip, Map<String, ZipEntry> entries) {
        this.displayName = displayName;
        this.folder = folder;
        this.zip = zip;
        this.entries = entries;
    }

    /** Opens a {@code .zip} export or an unpacked export folder. */
    static ExportArchive open(Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            return new ExportArchive(name, path.toAbsolutePath().normalize(), null, Map.of());
        }
        if (!Files.isRegularFile(path)) {
            throw new DomainException(path + " does not exist; give the Slack export zip or the folder it was"
                    + " unpacked into");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new DomainException(name + " is neither a zip file nor a folder; give the Slack export zip or"
                    + " the folder it was unpacked into");
        } catch (IOException e) {
            throw new DomainException("cannot read " + path + ": " + e.getMessage(), e);
        }
        try {
            return new ExportArchive(name, null, zip, index(name, zip));
        } catch (IllegalArgumentException e) {
            closeQuietly(zip);
            // ZipFile reports entry names it cannot decode this way.
            throw new DomainException(name + " has an entry whose name cannot be read (" + e.getMessage()
                    + "); is it really a Slack export?", e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static Map<String, ZipEntry> index(String zipName, ZipFile zip) {
        Map<String, ZipEntry> byPath = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            String path = normalise(e.getName()).orElseThrow(() -> new DomainException(zipName + " has an entry '"
                    + e.getName() + "' whose path leaves the export (zip slip); refusing to read it: a Slack"
                    + " export never has one"));
            if (e.isDirectory() || path.isEmpty() || path.startsWith("__MACOSX/")) {
                continue;
            }
            byPath.put(path, e);
        }
        // Zips made by hand from an unpacked export often wrap everything in one folder.
        if (!byPath.containsKey("channels.json")) {
            List<String> wrapped = byPath.keySet().stream().filter(p -> p.endsWith("/channels.json")
                    && p.indexOf('/') == p.length() - "/channels.json".length()).toList();
            if (wrapped.size() == 1) {
                String prefix = wrapped.get(0).substring(0, wrapped.get(0).length() - "channels.json".length());
                Map<String, ZipEntry> stripped = new LinkedHashMap<>();
                byPath.forEach((p, e) -> {
                    if (p.startsWith(prefix)) {
                        stripped.put(p.substring(prefix.length()), e);
                    }
                });
                return stripped;
            }
        }
        return byPath;
    }

    /**
     * The path an entry name stands for, relative to the root and with {@code .} and
     * {@code ..} resolved; empty when it is absolute or climbs above the root.
     */
    static Optional<String> normalise(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : n.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return Optional.of(String.join("/", parts));
    }

    /** The file or folder name, for messages. */
    String displayName() {
        return displayName;
    }

    boolean contains(String path) {
        if (zip != null) {
            return entries.containsKey(path);
        }
        return resolve(path).map(Files::isRegularFile).orElse(false);
    }

    /** The bytes of a file, or empty when the export has no such file. */
    Optional<byte[]> read(String path) {
        try {
            if (zip != null) {
                ZipEntry e = entries.get(path);
                if (e == null) {
                    return Optional.empty();
                }
                try (InputStream in = zip.getInputStream(e)) {
                    return Optional.of(in.readAllBytes());
                }
            }
            Optional<Path> p = resolve(path);
            if (p.isEmpty() || !Files.isRegularFile(p.get())) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(p.get()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DomainException("cannot read " + path + " in " + displayName + ": " + e.getMessage(), e);
        }
    }

    /** The names of the files directly inside {@code dir} (no sub-folders), sorted. */
    List<String> list(String dir) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        List<String> names = new ArrayList<>();
        if (zip != null) {
            for (String p : entries.keySet()) {
                if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
                    names.add(p.substring(prefix.length()));
                }
            }
        } else {
            Optional<Path> d = resolve(dir);
            if (d.isPresent() && Files.isDirectory(d.get())) {
                try (Stream<Path> files = Files.list(d.get())) {
                    files.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** A path inside the export folder; empty for one that would leave it (a channel named {@code ..}). */
    private Optional<Path> resolve(String path) {
        return normalise(path).filter(n -> !n.isEmpty()).map(folder::resolve).map(Path::normalize)
                .filter(p -> p.startsWith(folder));
    }

    @Override
    public void close() {
        if (zip != null) {
            closeQuietly(zip);
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // Read-only: nothing is lost when closing fails.
        }
    }
}
