package dev.incidenttimeline.bot.cli;

import java.io.PrintWriter;
import java.util.Map;

/** What a command runs with: its environment and where it prints. */
record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err) {
    /** The environment holds tokens and passwords: never print it. */
    @Override
    public String toString() {
        return "CliContext[" + env.size() + " environment variables]";
    }
}
