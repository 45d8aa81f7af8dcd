package dev.incidenttimeline.bot.capture.importer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.bot.capture.live.MessageContent;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.StorableText;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.SlackTs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one channel of a Slack workspace export (see the "Export data" format: {@code
 * channels.json}, {@code groups.json}, {@code users.json} and one {@code YYYY-MM-DD.json}
 * array of messages per day in a folder named after the channel).
 *
 * <p>Everything is read and checked before the import writes anything, so bad input is
 * reported as a {@link DomainException} naming the file (and, for bad JSON, the line and
 * column) and nothing is half-imported.
 */
final class SlackExportReader {
    /** How often to report progress while reading day files. */
    static final int PROGRESS_EVERY = 10;
    private static final Pattern DAY_FILE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}\\.json");
    private static final Pattern TS = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");
    private static final Pattern WORKSPACE_HOST = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.enterprise)?\\.slack\\.com");
    private static final int CHANNELS_LISTED = 20;
    private static final int URL_SCAN_FILES = 200;
    /** A file permalink as JSON writes it (Slack escapes {@code /} as {@code \/}). */
    private static final Pattern PERMALINK_IN_JSON = Pattern.compile(
            "\"permalink\"\\s*:\\s*\"https:\\\\?/\\\\?/([a-z0-9][a-z0-9-]*(?:\\.enterprise)?\\.slack\\.com)\\\\?/");

    private final ObjectMapper json = new ObjectMapper();
    private final ExportArchive archive;

    SlackExportReader(ExportArchive archive) {
        this.archive = archive;
    }

    /**
     * Reads the channel named {@code channel} (a name with or without {@code #}, or an id).
     *
     * @param progress gets a line such as {@code read 10 day files, 3,204 messages} every
     *                 {@value #PROGRESS_EVERY} day files and at the end
     */
    ChannelExport read(String channel, Consumer<String> progress) {
        String usersFile = archive.contains("users.json") ? "users.json" : "org_users.json";
        for (String required : List.of("channels.json", usersFile)) {
            if (!archive.contains(required)) {
                throw new DomainException(archive.displayName() + " is not a Slack export: it has no " + required
                        + " (expected the zip from Slack's Export data, or the folder it was unpacked into, with"
                        + " channels.json, users.json and one folder per channel)");
            }
        }
        List<ExportChannel> channels = new ArrayList<>(channels("channels.json", false));
        if (archive.contains("groups.json")) {
            channels.addAll(channels("groups.json", true));
        }
        ExportChannel found = find(channels, channel);
        List<ExportUser> users = users(usersFile);
        List<String> days = archive.list(found.name()).stream().filter(n -> DAY_FILE.matcher(n).matches()).toList();
        if (days.isEmpty()) {
            throw new DomainException(archive.displayName() + " has no messages for #" + found.name() + ": there is"
                    + " no " + found.name() + "/YYYY-MM-DD.json day file (was the export made for a date range"
                    + " that includes the incident?)");
        }
        Map<String, ExportMessage> byTs = new LinkedHashMap<>();
        int read = 0;
        for (String day : days) {
            String file = found.name() + "/" + day;
            for (ExportMessage m : messages(file)) {
                // A message appears once; if a sloppy export repeats it, the later copy wins.
                byTs.put(m.ts(), m);
            }
            read++;
            if (read % PROGRESS_EVERY == 0 && read < days.size()) {
                progress.accept(progressLine(read, byTs.size()));
            }
        }
        progress.accept(progressLine(read, byTs.size()));
        List<ExportMessage> messages = new ArrayList<>(byTs.values());
        messages.sort(Comparator.comparing(ExportMessage::ts, SlackTs::compare));
        Optional<String> workspaceUrl = workspaceUrl(messages).or(() -> workspaceUrlElsewhere(channels, found));
        return new ChannelExport(archive.displayName(), found, users, messages, days.size(), workspaceUrl);
    }

    static String progressLine(int dayFiles, int messages) {
        return String.format(Locale.ROOT, "read %,d day file%s, %,d message%s", dayFiles, dayFiles == 1 ? "" : "s",
                messages, messages == 1 ? "" : "s");
    }

    private ExportChannel find(List<ExportChannel> channels, String wanted) {
        String w = wanted.strip();
        String name = w.startsWith("#") ? w.substring(1) : w;
        for (ExportChannel c : channels) {
            if (c.name().equals(name) || c.id().equals(name)) {
                return c;
            }
        }
        for (ExportChannel c : channels) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        List<String> names = channels.stream().map(ExportChannel::name).sorted().toList();
        String listed = names.isEmpty() ? "none"
                : String.join(", ", names.subList(0, Math.min(CHANNELS_LISTED, names.size())))
                        + (names.size() > CHANNELS_LISTED ? " and " + (names.size() - CHANNELS_LISTED) + " more" : "");
        throw new DomainException("channel '" + name + "' is not in " + archive.displayName()
                + "; give --channel one of its channels: " + listed);
    }

    private List<ExportChannel> channels(String file, boolean isPrivate) {
        List<ExportChannel> out = new ArrayList<>();
        for (JsonNode c : array(file)) {
            String id = text(c, "id");
            String name = text(c, "name");
            if (id == null || name == null) {
                throw new DomainException(file + " in " + archive.displayName()
                        + " has a channel without an id or a name; is it really Slack's " + file + "?");
            }
            out.add(new ExportChannel(id, name, nonBlank(text(c.path("topic"), "value")),
                    nonBlank(text(c.path("purpose"), "value")), text(c, "creator"), isPrivate));
        }
        return out;
    }

    private List<ExportUser> users(String file) {
        List<ExportUser> out = new ArrayList<>();
        for (JsonNode u : array(file)) {
            String id = text(u, "id");
            if (id == null) {
                continue;
            }
            JsonNode profile = u.path("profile");
            String teamId = Optional.ofNullable(text(u, "team_id")).orElse(text(profile, "team"));
            String realName = nonBlank(Optional.ofNullable(nonBlank(text(u, "real_name")))
                    .orElse(text(profile, "real_name")));
            boolean isBot = u.path("is_bot").asBoolean(false) || "USLACKBOT".equals(id);
            out.add(new ExportUser(id, teamId, nonBlank(text(profile, "display_name")), realName,
                    nonBlank(text(u, "tz")), isBot));
        }
        return out;
    }

    private List<ExportMessage> messages(String file) {
        List<ExportMessage> out = new ArrayList<>();
        for (JsonNode m : array(file)) {
            String ts = text(m, "ts");
            if (ts == null || !TS.matcher(ts).matches()) {
                // Without its timestamp a message cannot be keyed, placed or tagged.
                continue;
            }
            out.add(new ExportMessage(ts, timestamp(m, "thread_ts"), text(m, "user"), text(m, "bot_id"),
                    // the content (text, attachments, blocks) comes cleaned; the posting name does not
                    MessageContent.botName(m).map(StorableText::clean).orElse(null), text(m, "subtype"),
                    MessageContent.of(m), files(m),
                    text(m.path("edited"), "user"), timestamp(m.path("edited"), "ts"), reactions(m)));
        }
        return out;
    }

    private static List<CachedMessage.SharedFile> files(JsonNode m) {
        List<JsonNode> nodes = new ArrayList<>();
        m.path("files").forEach(nodes::add);
        if (m.path("file").isObject()) {
            nodes.add(m.path("file"));
        }
        List<CachedMessage.SharedFile> files = new ArrayList<>();
        for (JsonNode f : nodes) {
            String name = text(f, "name");
            String title = text(f, "title");
            String permalink = text(f, "permalink");
            if (name == null && title == null && permalink == null) {
                continue;
            }
            files.add(new CachedMessage.SharedFile(text(f, "id"), name, title, permalink));
        }
        return files;
    }

    private static List<ExportMessage.Reaction> reactions(JsonNode m) {
        List<ExportMessage.Reaction> out = new ArrayList<>();
        for (JsonNode r : m.path("reactions")) {
            String name = text(r, "name");
            if (name == null) {
                continue;
            }
            List<String> users = new ArrayList<>();
            r.path("users").forEach(u -> {
                if (u.isTextual() && !u.asText().isBlank()) {
                    users.add(u.asText());
                }
            });
            out.add(new ExportMessage.Reaction(name, users));
        }
        return out;
    }

    /** {@code https://acme.slack.com}, from a file permalink, so entries can link to their messages. */
    private static Optional<String> workspaceUrl(List<ExportMessage> messages) {
        for (ExportMessage m : messages) {
            for (CachedMessage.SharedFile f : m.files()) {
                if (f.permalink() == null) {
                    continue;
                }
                try {
                    URI u = URI.create(f.permalink());
                    if ("https".equals(u.getScheme()) && u.getHost() != null
                            && WORKSPACE_HOST.matcher(u.getHost()).matches()) {
                        return Optional.of("https://" + u.getHost());
                    }
                } catch (IllegalArgumentException ignored) {
                    // Not a URL: look at the next file.
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The workspace URL from another channel's files, when this channel shared none: it is
     * the same workspace. A plain text search over at most {@value #URL_SCAN_FILES} day
     * files, so that a large export is not parsed for a link.
     */
    private Optional<String> workspaceUrlElsewhere(List<ExportChannel> channels, ExportChannel except) {
        int scanned = 0;
        for (ExportChannel c : channels) {
            if (c.id().equals(except.id())) {
                continue;
            }
            for (String day : archive.list(c.name())) {
                if (!DAY_FILE.matcher(day).matches()) {
                    continue;
                }
                if (++scanned > URL_SCAN_FILES) {
                    return Optional.empty();
                }
                Optional<byte[]> bytes = archive.read(c.name() + "/" + day);
                if (bytes.isPresent()) {
                    Matcher m = PERMALINK_IN_JSON.matcher(new String(bytes.get(), StandardCharsets.UTF_8));
                    if (m.find()) {
                        return Optional.of("https://" + m.group(1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The top-level JSON array of a file, or a DomainException naming the file and where it is broken. */
    private JsonNode array(String file) {
        byte[] bytes = archive.read(file).orElseThrow(() -> new DomainException(
                archive.displayName() + " has no " + file));
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage() == null ? "" : ": " + e.getOriginalMessage().lines().findFirst()
                    .orElse("");
            throw new DomainException(file + " in " + archive.displayName() + " is not valid JSON" + where + why, e);
        } catch (IOException e) {
            throw new DomainException("cannot read " + file + " in " + archive.displayName() + ": " + e.getMessage(),
                    e);
        }
        if (root == null || !root.isArray()) {
            throw new DomainException(file + " in " + archive.displayName()
                    + " is not a JSON array; Slack exports hold a list ([…]) in each file");
        }
        return root;
    }

    /** A field as text PostgreSQL can store: an export may hold U+0000, which must not refuse the import. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return StorableText.clean(v.asText());
    }

    /** A Slack timestamp field, or null when it is missing or not a timestamp. */
    private static String timestamp(JsonNode node, String field) {
        String ts = text(node, field);
        return ts != null && TS.matcher(ts).matches() ? ts : null;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
