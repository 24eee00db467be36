package dev.embspace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command: global options and the list of subcommands. */
@Command(name = "embspace",
        mixinStandardHelpOptions = true,
        version = "embspace 0.1.0",
        description = {
                "Interpret a transformer by projecting its parameters into embedding space:",
                "the space of the vocabulary items it reads and writes.",
                "",
                "Try: embspace project L4.ff.value.100 -k 10   (top tokens FF unit 100 of layer 4 writes)"},
        subcommands = {
                CommandLine.HelpCommand.class,
                InfoCommand.class,
                AtlasCommand.class,
                ProjectCommand.class,
                NeuronsCommand.class,
                HeadsCommand.class,
                ImportOnnxCommand.class,
                TokenizeCommand.class,
                EmbedCommand.class,
                LensCommand.class,
                TraceCommand.class,
                RecallCommand.class,
                ExamplesCommand.class,
                PairsCommand.class,
                KeepKCommand.class,
                AlignCommand.class,
                DiffCommand.class,
                CircuitsCommand.class,
                MailDatasetCommand.class,
                ProbeCommand.class,
                StitchCommand.class,
        })
public final class EmbspaceCommand implements Runnable {

    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EmbspaceCommand());
        cl.setUsageHelpWidth(100);
        ErrorHandling.install(cl);
        return cl;
    }
}
