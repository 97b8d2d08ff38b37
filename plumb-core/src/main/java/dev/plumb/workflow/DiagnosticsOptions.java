package dev.plumb.workflow;

import java.util.Map;

/**
 * What the diagnosis of a run needs beyond the run itself.
 *
 * @param bayesError the optimal (Bayes, or human-level) error the bias/variance verdict measures avoidable bias
 *                   against, in [0, 1)
 */
public record DiagnosticsOptions(double bayesError) {

    public DiagnosticsOptions {
        if (!(bayesError >= 0 && bayesError < 1)) {
            throw Options.invalid(RunOption.BAYES_ERROR, String.valueOf(bayesError), "an error rate in [0, 1), e.g. 0.01 for 1%");
        }
    }

    static DiagnosticsOptions parse(Options o) {
        return new DiagnosticsOptions(o.number(RunOption.BAYES_ERROR));
    }

    void writeTo(Map<RunOption, String> out) {
        out.put(RunOption.BAYES_ERROR, String.valueOf(bayesError));
    }
}
