package dev.incidenttimeline.bot.capture.importer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an import needs from an export, read and checked before anything is written:
 * the channel, the workspace's members, the channel's messages in time order, and the
 * workspace URL when the export reveals it (file permalinks carry it).
 */
public record ChannelExport(
        String exportName,
        ExportChannel channel,
        List<ExportUser> users,
        List<ExportMessage> messages,
        int dayFiles,
        Optional<String> workspaceUrl) {

    public ChannelExport {
        Objects.requireNonNull(channel, "channel");
        users = List.copyOf(users);
        messages = List.copyOf(messages);
        Objects.requireNonNull(workspaceUrl, "workspaceUrl");
    }

    /** The channel in Slack ({@code https://acme.slack.com/archives/C…}), when the workspace URL is known. */
    public Optional<String> channelUrl() {
        return workspaceUrl.map(url -> url + "/archives/" + channel.id());
    }
}
