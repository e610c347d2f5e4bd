package org.xgrad.examples;

import org.xgrad.examples.data.DataFormatException;
import org.xgrad.zoo.OneDnn;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xgrad} command line: {@code compare}, {@code bench}, {@code spark}, {@code soak}. */
@Command(name = "xgrad", mixinStandardHelpOptions = true, version = "xgrad 0.1.0",
        description = "XGrad weight prediction on Deeplearning4j: experiments and benchmarks.",
        subcommands = {CompareCommand.class, BenchCommand.class, SparkCommand.class, SoakCommand.class})
public final class XGradCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        // before ND4J loads: the fastest nd4j-native binary of the jar's lib/ that this CPU runs
        OneDnn.selectBinary(OneDnn.cpuFlags());
        System.exit(execute(args));
    }

    /** Runs a command; bad input and data errors print one clear line instead of a stack trace. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new XGradCli());
        cli.setParameterExceptionHandler((e, params) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage().strip() + " (see xgrad " + e.getCommandLine()
                    .getCommandName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DataFormatException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** Rejects a bad option value: the command ends with {@code error: message} and exit code 2. */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
