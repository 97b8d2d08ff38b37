package dev.plumb.tune;

/**
 * The study's one look at the test set: the chosen trial's model, evaluated after the search.
 *
 * @param trial       the trial chosen on dev error
 * @param error       test error rate
 * @param cost        test cost J
 * @param examples    test examples
 * @param evaluatedAt when (ISO-8601)
 */
public record TestEvaluation(int trial, double error, double cost, int examples, String evaluatedAt) {
}
