package dev.plumb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.plumb.cli.report.LabIndexPage;
import dev.plumb.cli.report.LabPage;
import dev.plumb.io.AtomicFile;
import dev.plumb.lab.Experiment;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabDirectory;
import dev.plumb.lab.LabResult;
import dev.plumb.lab.LabSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code plumb lab}: the note's claims made to happen. Lists the experiments, or runs one (or all): each result is saved
 * as result.json, its page is rendered from the saved file (so a page shows saved numbers only), and lab.html indexes
 * every result in the directory.
 */
@Command(name = "lab",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {"See the claims of the note on practical deep learning happen: each experiment runs what a claim is "
                + "about, keeps every number it measured and judges the claim from those numbers (\"the claim holds here: "
                + "yes/no\"). Without NAME, lists the experiments. Each run writes DIR/NAME/result.json, then from it DIR/NAME/index.html "
                + "(the claim, the verdict with its evidence, every setting, the plots and the numbers) and each plot as "
                + "DIR/NAME/figure-N.svg, and rewrites DIR/lab.html, the index of every result in DIR.",
                "", "Examples:",
                "  plumb lab                          # the experiments and their claims",
                "  plumb lab l2                       # one experiment, on its own data, seed 1",
                "  plumb lab l2 --seed 7 --data iris.csv",
                "  plumb lab all --out runs/lab       # every experiment; open runs/lab/lab.html",
                ""})
final class LabCommand implements Callable<Integer> {

    /** The default --out: one lab directory that collects every result, under runs/ like the other commands' output. */
    static final Path DEFAULT_OUT = Path.of("runs", "lab");
    /** The setup entry holding the command line that repeats a run, stamped on each result before it is saved. */
    static final String COMMAND_KEY = LabPage.COMMAND_KEY;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The experiment to run, or all; "
            + "without NAME the experiments are listed.")
    String name;

    @Option(names = "--data", paramLabel = "SOURCE", description = "The data to run on, for experiments that take data: "
            + "digits (bundled), a CSV file (the label in its last column), …; default: each experiment's own (the bundled "
            + "digits or generated data).")
    String data;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "The seed every draw derives from.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "The lab directory: one subdirectory per experiment and "
            + "lab.html. Default: runs/lab (results of other experiments already there stay, and are indexed).")
    Path out;

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final List<Experiment> experiments;

    LabCommand() {
        this(null);
    }

    /** A lab of {@code experiments} instead of {@link Lab#experiments()}: for tests. */
    LabCommand(List<Experiment> experiments) {
        this.experiments = experiments == null ? null : List.copyOf(experiments);
    }

    private List<Experiment> experiments() {
        return experiments != null ? experiments : Lab.experiments();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (name == null) {
            for (String option : List.of("--data", "--seed", "--out")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " applies to a run: name an experiment (" + names()
                            + ") or all, e.g. plumb lab all " + option + " …");
                }
            }
            list(w);
            return 0;
        }
        List<Experiment> chosen = chosen(name);
        LabDirectory dir = new LabDirectory(out != null ? out : DEFAULT_OUT);
        LabSettings settings = new LabSettings(Optional.ofNullable(data), seed);
        for (Experiment e : chosen) {
            long start = System.nanoTime();
            LabResult result = stamped(e.run(settings), command(e.name(), settings));
            if (!result.name().equals(e.name())) {
                throw new IllegalStateException("experiment " + e.name() + " returned a result named " + result.name());
            }
            dir.write(result);
            LabResult saved = dir.read(e.name()); // the page shows what was saved, nothing else
            dir.writePage(e.name(), LabPage.render(saved));
            Map<String, String> figures = LabPage.figureFiles(saved);
            try (Stream<Path> files = Files.list(dir.experiment(e.name()))) { // a figure an earlier run had, this one not
                for (Path stale : files.filter(p -> p.getFileName().toString().matches("figure-\\d+\\.svg")
                        && !figures.containsKey(p.getFileName().toString())).toList()) {
                    Files.deleteIfExists(stale);
                }
            }
            for (Map.Entry<String, String> figure : figures.entrySet()) {
                AtomicFile.write(dir.experiment(e.name()).resolve(figure.getKey()), figure.getValue());
            }
            writeIndex(dir);
            double seconds = (System.nanoTime() - start) / 1e9;
            w.printf(Locale.ROOT, "%-20s %-22s %6.1f s  %s%n", e.name(), verdictText(saved), seconds,
                    dir.experiment(e.name()).resolve(LabDirectory.PAGE_FILE));
            w.flush();
        }
        w.println("index: " + dir.root().resolve(LabDirectory.INDEX_FILE));
        w.flush();
        return 0;
    }

    private void list(PrintWriter w) {
        List<Experiment> all = experiments();
        if (all.isEmpty()) {
            w.println("no experiments yet");
        }
        int width = all.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (Experiment e : all) {
            w.printf(Locale.ROOT, "%-" + width + "s  %s%n", e.name(), e.claim());
        }
        w.println();
        w.println("run one with: plumb lab NAME [--data SOURCE] [--seed SEED] [--out DIR]; all of them with: plumb lab all");
        w.flush();
    }

    private List<Experiment> chosen(String wanted) {
        if (wanted.equals("all")) {
            if (experiments().isEmpty()) {
                throw new IllegalArgumentException("there are no experiments to run yet");
            }
            return experiments();
        }
        return experiments().stream().filter(e -> e.name().equals(wanted)).findFirst().map(List::of)
                .orElseThrow(() -> new IllegalArgumentException("Unknown experiment '" + wanted + "'; the experiments are: "
                        + names() + " (or all; plumb lab lists them with their claims)"));
    }

    private String names() {
        List<String> names = experiments().stream().map(Experiment::name).toList();
        return names.isEmpty() ? "none yet" : String.join(", ", names);
    }

    /** The command line that repeats a run: the name, the seed, and the data when one was given. */
    static String command(String experiment, LabSettings settings) {
        StringBuilder sb = new StringBuilder("plumb lab ").append(experiment).append(" --seed ").append(settings.seed());
        settings.data().ifPresent(d -> sb.append(" --data ").append(quoted(d)));
        return sb.toString();
    }

    private static String quoted(String s) {
        return s.matches("[A-Za-z0-9_./:=,+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code result} with the command that repeats it first in its setup, so that the saved page can show it. */
    private static LabResult stamped(LabResult result, String command) {
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put(COMMAND_KEY, command);
        result.setup().forEach((k, v) -> {
            if (!k.equals(COMMAND_KEY)) {
                setup.put(k, v);
            }
        });
        return new LabResult(result.name(), result.claim(), setup, result.figures(), result.tables(), result.verdict(),
                result.skipped());
    }

    static String verdictText(LabResult r) {
        if (r.skipped() != null) {
            return "skipped";
        }
        return "the claim holds: " + (r.verdict() != null && r.verdict().holds() ? "yes" : "no");
    }

    /** lab.html from every result in the directory: the registry's order first, then any others by name. */
    private void writeIndex(LabDirectory dir) throws IOException {
        List<String> present = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir.root())) {
            children.filter(p -> Files.isRegularFile(p.resolve(LabDirectory.RESULT_FILE)))
                    .map(p -> p.getFileName().toString()).forEach(present::add);
        }
        List<String> order = experiments().stream().map(Experiment::name).toList();
        present.sort(Comparator.comparingInt((String n) -> order.contains(n) ? order.indexOf(n) : order.size())
                .thenComparing(Comparator.naturalOrder()));
        List<LabResult> results = new ArrayList<>();
        List<LabIndexPage.Unreadable> unreadable = new ArrayList<>();
        for (String n : present) {
            try {
                results.add(dir.read(n));
            } catch (IOException | RuntimeException e) {
                unreadable.add(new LabIndexPage.Unreadable(n, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        dir.writeIndex(LabIndexPage.render(results, unreadable));
    }
}
