package dev.plumb.tune;

import java.util.Map;
import java.util.Optional;

import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.train.Callback;
import dev.plumb.train.CallbackState;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.Decision;
import dev.plumb.train.TrainConfig;

/**
 * Pauses a trial before epoch {@code until + 1}, so that successive halving can compare it with the others at that
 * rung. A pause is an interruption: the trial's checkpoint holds the state after epoch {@code until}, and training
 * it further resumes from there exactly, as {@code plumb train --resume} does. The gate keeps the number of epochs
 * trained in the checkpoint, so that it counts right after a resume.
 */
final class RungGate implements Callback {

    static final String PAUSED = "paused for successive halving";

    private final int until;
    private int epochs;

    /** A gate that pauses after epoch {@code until} (Integer.MAX_VALUE: never). */
    RungGate(int until) {
        this.until = until;
    }

    @Override
    public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
        epochs = 0;
    }

    @Override
    public Decision onEpochEnd(EpochLogs logs) {
        epochs = logs.epoch();
        return Decision.proceed();
    }

    @Override
    public Optional<String> interruption() {
        return epochs >= until ? Optional.of(PAUSED + " after epoch " + until) : Optional.empty();
    }

    @Override
    public CallbackState saveState(Map<String, Parameter> parameters) {
        return new CallbackState(Map.of(), "{\"epochs\":" + epochs + "}");
    }

    @Override
    public void restoreState(CallbackState state, Map<String, Parameter> parameters) {
        String digits = state.json().replaceAll("[^0-9]", "");
        epochs = digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    @Override
    public String stateKey() {
        return "rung-gate";
    }
}
