package dev.plumb.diagnose.health;

/**
 * Thresholds of {@link InitializationAudit}. Immutable, validated on construction.
 *
 * @param collapseRatio flag a layer whose activation variance Var(A) is below this fraction of the
 *                      input's Var(X); in (0, 1), default 1e-4
 * @param explodeRatio  flag a layer whose Var(A) is above this multiple of Var(X); &gt; 1, default 1e4
 */
public record InitializationAuditConfig(double collapseRatio, double explodeRatio) {

    public InitializationAuditConfig {
        if (!(collapseRatio > 0 && collapseRatio < 1)) {
            throw new IllegalArgumentException("Invalid value for argument collapseRatio: " + collapseRatio
                    + ". Expected a fraction of the input's variance in (0, 1), e.g. 1e-4.");
        }
        if (!(explodeRatio > 1) || !Double.isFinite(explodeRatio)) {
            throw new IllegalArgumentException("Invalid value for argument explodeRatio: " + explodeRatio
                    + ". Expected a finite multiple of the input's variance > 1, e.g. 1e4.");
        }
    }

    /** Flag below 1e-4 and above 1e4 times the input's variance. */
    public static InitializationAuditConfig defaults() {
        return new InitializationAuditConfig(1e-4, 1e4);
    }
}
