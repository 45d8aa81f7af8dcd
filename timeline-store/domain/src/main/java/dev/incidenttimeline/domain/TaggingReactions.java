package dev.incidenttimeline.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which emoji put a message on the timeline, and as what kind of moment
 * ({@code TIMELINE_REACTIONS}: {@code pushpin=event,dart=root_cause,…}).
 */
public record TaggingReactions(Map<String, EntryKind> byEmoji) {
    public static final String DEFAULT_SPEC =
            "pushpin=event,rotating_light=detection,mag=finding,adhesive_bandage=mitigation,dart=root_cause,memo=action";
    private static final Pattern EMOJI = Pattern.compile("[a-z0-9_+'-]{1,100}");

    public TaggingReactions {
        byEmoji = Collections.unmodifiableMap(new LinkedHashMap<>(byEmoji));
        if (byEmoji.isEmpty()) {
            throw new IllegalArgumentException("at least one tagging reaction is needed");
        }
    }

    public static TaggingReactions defaults() {
        return parse(DEFAULT_SPEC);
    }

    /**
     * Parses {@code emoji=kind,emoji=kind}. Emoji are written without colons; a skin-tone
     * suffix ({@code ::skin-tone-2}) on a reaction is ignored when looking it up.
     *
     * @throws IllegalArgumentException naming the bad pair and the right form
     */
    public static TaggingReactions parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("is empty; expected emoji=kind pairs such as " + DEFAULT_SPEC);
        }
        Map<String, EntryKind> map = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String p = pair.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("'" + p + "' is not emoji=kind (for example pushpin=event)");
            }
            String emoji = p.substring(0, eq).strip().replace(":", "");
            String kindText = p.substring(eq + 1).strip();
            if (!EMOJI.matcher(emoji).matches()) {
                throw new IllegalArgumentException("'" + emoji + "' is not an emoji name (for example pushpin)");
            }
            EntryKind kind = EntryKind.parse(kindText)
                    .filter(EntryKind::isTaggable)
                    .orElseThrow(() -> new IllegalArgumentException("'" + kindText
                            + "' is not a kind that can be tagged; use one of event, detection, finding, mitigation,"
                            + " root_cause, action"));
            if (map.put(emoji, kind) != null) {
                throw new IllegalArgumentException("emoji '" + emoji + "' is mapped twice");
            }
        }
        return new TaggingReactions(map);
    }

    public Optional<EntryKind> kindOf(String reaction) {
        if (reaction == null) {
            return Optional.empty();
        }
        int skin = reaction.indexOf("::");
        String base = skin >= 0 ? reaction.substring(0, skin) : reaction;
        return Optional.ofNullable(byEmoji.get(base));
    }

    /** The first emoji that tags {@code kind}, for the cheat sheet. */
    public Optional<String> emojiFor(EntryKind kind) {
        return byEmoji.entrySet().stream().filter(e -> e.getValue() == kind).map(Map.Entry::getKey).findFirst();
    }
}
