package dev.plumb.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.plumb.nn.Network;
import dev.plumb.train.Callback;
import dev.plumb.train.TrainConfig;

/**
 * Ctrl-C (SIGINT) and SIGTERM while {@code plumb train} runs. Before training begins the command exits at once
 * (nothing is lost); during training it stops at the next mini-batch, keeps the weights of the last finished epoch
 * and writes the run directory, whose checkpoint lets {@code --resume} continue; while the run directory is being
 * written it finishes writing first. A second signal exits at once. The signal is named in the record and on the
 * terminal, and the exit status is 128 + its number (130 for SIGINT, 143 for SIGTERM), as shells expect.
 *
 * <p>Signals are caught through the JDK's {@code sun.misc.Signal} (module jdk.unsupported), looked up reflectively so
 * that a JVM without it falls back to its default handling (exit) instead of failing.
 */
final class Interruption implements Callback, AutoCloseable {

    private enum Phase { BEFORE_TRAINING, TRAINING, AFTER_TRAINING }

    private static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "TERM", 15);

    private final PrintWriter err;
    private final Map<Object, Object> previousHandlers = new LinkedHashMap<>();
    private volatile Phase phase = Phase.BEFORE_TRAINING;
    private volatile String signal;

    Interruption(PrintWriter err) {
        this.err = err;
        for (String name : NUMBERS.keySet()) {
            install(name);
        }
    }

    /** The signal that interrupted training ("SIGINT"), if one did. */
    Optional<String> signal() {
        return Optional.ofNullable(signal);
    }

    /** The exit status for the signal received: 128 + its number; 0 if none. */
    int exitStatus() {
        return signal == null ? 0 : 128 + NUMBERS.get(signal.substring(3));
    }

    @Override
    public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
        phase = Phase.TRAINING;
    }

    @Override
    public Optional<String> interruption() {
        String s = signal;
        return s == null ? Optional.empty() : Optional.of("interrupted by " + s + (s.equals("SIGINT") ? " (Ctrl-C)" : ""));
    }

    @Override
    public void onTrainEnd(Network network) {
        phase = Phase.AFTER_TRAINING;
    }

    private void onSignal(String name) {
        String received = "SIG" + name;
        if (signal != null || phase == Phase.BEFORE_TRAINING) {
            err.println("plumb: " + received + (signal != null ? " again: stopping now" : " before training began: stopping;"
                    + " nothing was trained"));
            err.flush();
            Runtime.getRuntime().halt(128 + NUMBERS.get(name));
        }
        signal = received;
    }

    // sun.misc.Signal.handle(new Signal(name), handler), reflectively; a JVM without it keeps its default handling.
    private void install(String name) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object sig = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    onSignal(name);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "plumb interruption handler for SIG" + name;
            };
            Object proxy = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, handler);
            previousHandlers.put(sig, signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, sig, proxy));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no sun.misc.Signal here, or the signal is reserved: the JVM's default handling stays
        }
    }

    /** Gives the signals back to the JVM's handling. */
    @Override
    public void close() {
        for (Map.Entry<Object, Object> e : previousHandlers.entrySet()) {
            try {
                Class<?> signalClass = Class.forName("sun.misc.Signal");
                Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, e.getKey(), e.getValue());
            } catch (ReflectiveOperationException | RuntimeException ex) {
                // the process is ending anyway
            }
        }
    }
}
