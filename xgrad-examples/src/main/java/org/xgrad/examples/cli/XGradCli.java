package org.xgrad.examples.cli;

import org.xgrad.examples.data.DataFormatException;

import org.xgrad.zoo.OneDnn;
import org.xgrad.examples.experiment.SettingException;
import org.xgrad.examples.study.FileFault;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/** The {@code xgrad} command line: {@code compare}, {@code bench}, {@code spark}, {@code soak}. */
@Command(name = "xgrad", mixinStandardHelpOptions = true, versionProvider = XGradCli.Version.class,
        description = "XGrad weight prediction on Deeplearning4j: experiments and benchmarks.",
        subcommands = {CompareCommand.class, BenchCommand.class, SparkCommand.class, SoakCommand.class})
public final class XGradCli implements java.util.concurrent.Callable<Integer> {

    /** {@code xgrad --version}: the versions of the build, from the POM (a resource Maven fills in). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = XGradCli.class.getResourceAsStream("/org/xgrad/examples/version.properties")) {
                if (in == null) {
                    throw new IOException("version.properties is missing from the xgrad jar");
                }
                p.load(in);
            }
            return new String[] {"xgrad " + p.getProperty("version"), "built for Deeplearning4j " + p.getProperty("dl4j")};
        }
    }

    /** A bare {@code xgrad}: the usage, on standard error, and exit code 2 (no command given). */
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        // before ND4J loads: the fastest nd4j-native binary of the jar's lib/ that this CPU runs
        OneDnn.selectBinary(OneDnn.cpuFlags());
        System.exit(execute(args));
    }

    /** Runs a command; bad input and data errors print one clear line instead of a stack trace. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new XGradCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, params) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage().strip() + " (see "
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DataFormatException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + message(e));
                return 2;
            }
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                commandLine.getErr().println("error: " + (io instanceof FileFault ? io.getMessage()
                        : "file system: " + FileFault.describe(io)));
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** @return the message of {@code e} as the command line says it: each setting named by its option */
    public static String message(Exception e) {
        return e instanceof SettingException s ? s.render(OPTION) : SettingException.render(e.getMessage(), OPTION);
    }

    /** How the command line spells a setting: {@code lr} is {@code --lr}. */
    private static final UnaryOperator<String> OPTION = name -> "--" + name;

    /** Rejects a bad option value: the command ends with {@code error: message} and exit code 2. */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
