package dev.plumb.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import dev.plumb.lab.Experiment;
import picocli.CommandLine;

/** {@code plumb} run in this JVM with {@code plumb lab} holding the given experiments instead of the registry's. */
public final class LabCli {

    public final StringWriter out = new StringWriter();
    public final StringWriter err = new StringWriter();
    private final List<Experiment> experiments;

    public LabCli(List<Experiment> experiments) {
        this.experiments = List.copyOf(experiments);
    }

    public int plumb(String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == LabCommand.class ? cls.cast(new LabCommand(experiments)) : CommandLine.defaultFactory().create(cls);
            }
        };
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), factory);
    }
}
