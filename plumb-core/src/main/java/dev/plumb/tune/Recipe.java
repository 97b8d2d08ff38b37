package dev.plumb.tune;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.plumb.workflow.RunOption;

/**
 * The note's recipe as moves through a search space: from the model being improved, avoidable bias is worked on
 * along the capacity axes (wider, deeper, train longer, a larger learning rate) and variance along the
 * regularization axes (L2, dropout, augmentation of images). An axis moves only an option the user left free or gave
 * as a dimension (within its range, or to its next choice); an option given one value stays as given.
 *
 * <p>The recipe proposes {@link #MOVES_PER_STEP} moves per step, so that what it tries does not depend on how many
 * trials run side by side. A move that lowered dev error becomes the model to improve and its axis is tried first
 * next time; moves that did not are not tried again from the same model.
 */
final class Recipe {

    /** Moves tried per step. */
    static final int MOVES_PER_STEP = 2;

    /** The hidden layers a recipe starts from when the user left them free: plumb train's default, small and fast. */
    static final String START_LAYERS = "64";

    /** Which problem an axis works on. */
    enum Problem {
        BIAS("more capacity"), VARIANCE("more regularization");

        final String remedy;

        Problem(String remedy) {
            this.remedy = remedy;
        }
    }

    /** A direction the recipe can move in. */
    enum Axis {
        WIDTH(Problem.BIAS, RunOption.LAYERS), LR(Problem.BIAS, RunOption.LR), EPOCHS(Problem.BIAS, RunOption.EPOCHS),
        DEPTH(Problem.BIAS, RunOption.LAYERS), L2(Problem.VARIANCE, RunOption.L2), KEEP_PROB(Problem.VARIANCE, RunOption.KEEP_PROB),
        AUGMENT(Problem.VARIANCE, RunOption.AUGMENT),
        /** Wider and more L2 at once: the note's bigger network with regularization, once single moves are spent. */
        WIDTH_AND_L2(null, RunOption.LAYERS),
        /** Wider and more dropout at once. */
        WIDTH_AND_KEEP_PROB(null, RunOption.LAYERS);

        final Problem problem;
        final RunOption option;

        Axis(Problem problem, RunOption option) {
            this.problem = problem;
            this.option = option;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A proposed trial: the model being improved with one option changed. */
    record Move(Axis axis, Map<RunOption, String> values, String description) {
    }

    private final SearchSpace space;
    private final Map<RunOption, String> defaults;
    private final boolean images;
    private final List<Axis> order = new ArrayList<>(List.of(Axis.values()));
    private final Map<Integer, Set<Axis>> tried = new java.util.HashMap<>();

    /**
     * @param space    the study's space
     * @param defaults the value each axis's option has when left free (e.g. the epochs the data's defaults chose)
     * @param images   whether the data are images large enough for shifts to keep their content (16×16 or more):
     *                 augmentation applies
     */
    Recipe(SearchSpace space, Map<RunOption, String> defaults, boolean images) {
        this.space = space;
        this.defaults = Map.copyOf(defaults);
        this.images = images;
    }

    /** The first model: every choice at its first value, ranges at their start, free layers small. */
    Map<RunOption, String> start() {
        Map<RunOption, String> values = new LinkedHashMap<>();
        if (!space.given(RunOption.LAYERS)) {
            values.put(RunOption.LAYERS, START_LAYERS);
        }
        for (Dimension d : space.dimensions()) {
            if (d instanceof Dimension.Choice c) {
                values.put(d.option(), c.values().get(0));
            } else if (d instanceof Dimension.Range r) {
                double start = switch (r.option()) {
                    case KEEP_PROB -> r.high();
                    case LR -> Math.min(r.high(), Math.max(r.low(), Double.parseDouble(defaults.getOrDefault(RunOption.LR,
                            RunOption.LR.defaultValue()))));
                    default -> r.low();
                };
                values.put(d.option(), r.value(start));
            }
        }
        return values;
    }

    /**
     * Up to {@code limit} moves from {@code current} (the options of trial {@code model}) for {@code problem}; the other
     * problem's axes if none is left; a bigger network with more regularization if no single move is left.
     */
    List<Move> propose(int model, Map<RunOption, String> current, Problem problem, int limit) {
        Set<Axis> triedHere = triedFrom(model);
        List<Move> moves = moves(current, problem, limit, triedHere);
        if (moves.isEmpty()) {
            moves = moves(current, problem == Problem.BIAS ? Problem.VARIANCE : Problem.BIAS, limit, triedHere);
        }
        return moves.isEmpty() ? combined(current, limit, triedHere) : moves;
    }

    private Set<Axis> triedFrom(int model) {
        return tried.computeIfAbsent(model, m -> EnumSet.noneOf(Axis.class));
    }

    // A bigger network and more regularization in one move: what the note says cuts bias without adding variance.
    private List<Move> combined(Map<RunOption, String> current, int limit, Set<Axis> triedHere) {
        List<Move> out = new ArrayList<>();
        for (Axis axis : List.of(Axis.WIDTH_AND_L2, Axis.WIDTH_AND_KEEP_PROB)) {
            Axis second = axis == Axis.WIDTH_AND_L2 ? Axis.L2 : Axis.KEEP_PROB;
            if (out.size() == limit || triedHere.contains(axis)) {
                continue;
            }
            String fromLayers = value(current, RunOption.LAYERS);
            String fromSecond = value(current, second.option);
            Optional<String> layers = next(Axis.WIDTH, fromLayers);
            Optional<String> other = next(second, fromSecond);
            if (layers.isPresent() && other.isPresent()) {
                Map<RunOption, String> values = new LinkedHashMap<>(current);
                values.put(RunOption.LAYERS, layers.get());
                values.put(second.option, other.get());
                out.add(new Move(axis, values, "layers " + fromLayers + " → " + layers.get() + " with " + second.option.key()
                        + " " + fromSecond + " → " + other.get()));
            }
        }
        return out;
    }

    private List<Move> moves(Map<RunOption, String> current, Problem problem, int limit, Set<Axis> triedHere) {
        List<Move> out = new ArrayList<>();
        for (Axis axis : order) {
            if (out.size() == limit) {
                break;
            }
            if (axis.problem != problem || axis.problem == null || triedHere.contains(axis)) {
                continue;
            }
            String from = value(current, axis.option);
            Optional<String> to = next(axis, from);
            if (to.isPresent() && !to.get().equals(from)) {
                Map<RunOption, String> values = new LinkedHashMap<>(current);
                values.put(axis.option, to.get());
                out.add(new Move(axis, values, axis.option.key() + " " + from + " → " + to.get()));
            }
        }
        return out;
    }

    /** The move lowered dev error: it is the model to improve now, and its axis goes first. */
    void accept(Move move) {
        if (move.axis().problem == null) {
            return;
        }
        order.remove(move.axis());
        int firstOfItsProblem = 0;
        while (firstOfItsProblem < order.size() && order.get(firstOfItsProblem).problem != move.axis().problem) {
            firstOfItsProblem++;
        }
        order.add(firstOfItsProblem, move.axis());
    }

    /** None of the moves from trial {@code model} lowered dev error: they are not tried again from it. */
    void reject(int model, List<Move> moves) {
        moves.forEach(m -> triedFrom(model).add(m.axis()));
    }

    /** The axes of a problem, in words. */
    static String axes(Problem problem) {
        return List.of(Axis.values()).stream().filter(a -> a.problem == problem).map(Axis::id)
                .collect(Collectors.joining(", "));
    }

    private String value(Map<RunOption, String> current, RunOption option) {
        if (current.containsKey(option)) {
            return current.get(option);
        }
        if (space.fixed().containsKey(option.key())) {
            return space.fixed().get(option.key());
        }
        return defaults.getOrDefault(option, option.defaultValue());
    }

    // The next value along an axis, or empty at its end or when the user fixed the option.
    private Optional<String> next(Axis axis, String from) {
        if (space.fixed().containsKey(axis.option.key())) {
            return Optional.empty();
        }
        Optional<Dimension> dimension = space.dimension(axis.option);
        if (dimension.isPresent()) {
            if (axis == Axis.DEPTH) {
                return Optional.empty(); // choices of layers are the user's widths and depths: WIDTH walks them
            }
            if (dimension.get() instanceof Dimension.Choice c) {
                int i = c.values().indexOf(from);
                return i >= 0 && i + 1 < c.values().size() ? Optional.of(c.values().get(i + 1)) : Optional.empty();
            }
            Dimension.Range r = (Dimension.Range) dimension.get();
            double v = Double.parseDouble(from);
            double next = switch (axis) {
                case KEEP_PROB -> Math.max(r.low(), v - 0.1);
                case L2 -> v == 0 ? (r.low() > 0 ? r.low() : r.high() / 100) : Math.min(r.high(), v * 3);
                case LR -> Math.min(r.high(), v * 3);
                default -> Math.min(r.high(), v * 2);
            };
            return Optional.of(r.value(next));
        }
        return switch (axis) {
            case WIDTH -> layers(from).filter(l -> !l.isEmpty() && l.stream().allMatch(u -> u * 2 <= 1024))
                    .map(l -> join(l.stream().map(u -> u * 2).toList()));
            case DEPTH -> layers(from).filter(l -> !l.isEmpty() && l.size() < 3).map(l -> {
                List<Integer> deeper = new ArrayList<>(l);
                deeper.add(l.get(l.size() - 1));
                return join(deeper);
            });
            case EPOCHS -> {
                int start = Integer.parseInt(defaults.getOrDefault(RunOption.EPOCHS, "20"));
                int e = Integer.parseInt(from);
                yield e * 2 <= 4 * start ? Optional.of(String.valueOf(e * 2)) : Optional.empty();
            }
            case LR -> {
                double start = Double.parseDouble(defaults.getOrDefault(RunOption.LR, RunOption.LR.defaultValue()));
                double lr = Double.parseDouble(from);
                yield lr * 3 <= 10 * start * 1.0001 ? Optional.of(number(lr * 3)) : Optional.empty();
            }
            case L2 -> {
                double l2 = Double.parseDouble(from);
                yield l2 == 0 ? Optional.of("1.0") : l2 * 3 <= 30 ? Optional.of(number(l2 * 3)) : Optional.empty();
            }
            case KEEP_PROB -> {
                double k = Double.parseDouble(from.split(",")[0]);
                yield k - 0.1 >= 0.5 - 1e-9 ? Optional.of(number(k - 0.1)) : Optional.empty();
            }
            case AUGMENT -> !images ? Optional.empty() : switch (from) {
                case "none" -> Optional.of("shift=1");
                case "shift=1" -> Optional.of("shift=2");
                default -> Optional.empty();
            };
            case WIDTH_AND_L2, WIDTH_AND_KEEP_PROB -> Optional.empty(); // made of two single moves, see combined()
        };
    }

    private static Optional<List<Integer>> layers(String text) {
        if (text.equalsIgnoreCase("none")) {
            return Optional.of(List.of());
        }
        try {
            return Optional.of(List.of(text.split(",")).stream().map(s -> Integer.parseInt(s.strip())).toList());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String join(List<Integer> layers) {
        return layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String number(double v) {
        return String.valueOf(Double.parseDouble(String.format(Locale.ROOT, "%.4g", v)));
    }
}
