package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.domain.DomainException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar incident-timeline.jar <command>}: every command is registered here.
 * Errors print one line and exit non-zero (2 for bad input or settings); {@code --verbose}
 * adds the stack trace.
 */
@Command(name = "incident-timeline",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Slack incident bot: timeline, retro and weekly review on PostgreSQL.",
        subcommands = {
            ServeCommand.class,
            MigrateCommand.class,
            ListCommand.class,
            StatusCommand.class,
            ImportCommand.class,
            DemoCommand.class,
            ExportCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit code for bad input or settings. */
    public static final int BAD_INPUT = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    private final CliContext context;

    Main(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        // No command given: serve, as the command table in docs/architecture.md says.
        new CommandLine(new ServeCommand(), factory()).execute();
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs the CLI in this process; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CliContext context = new CliContext(env, out, err);
        Main main = new Main(context);
        CommandLine cl = new CommandLine(main, main.factory());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("incident-timeline: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean badInput = ex instanceof DomainException;
            String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getName();
            err.println("incident-timeline: " + (badInput ? "" : "error: ") + message);
            if (main.verbose || parseResult.hasMatchedOption("--verbose")) {
                ex.printStackTrace(err);
            } else if (!badInput) {
                err.println("(run again with --verbose for the stack trace)");
            }
            err.flush();
            return badInput ? BAD_INPUT : 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private CommandLine.IFactory factory() {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = CommandLine.defaultFactory().create(cls);
                if (k instanceof CliCommand c) {
                    c.context = context;
                }
                return k;
            }
        };
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"incident-timeline " + (v == null ? "(development build)" : v)};
        }
    }
}
