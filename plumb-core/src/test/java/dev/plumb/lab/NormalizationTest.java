package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.Standardizer;

class NormalizationTest {

    @Test
    void theClaimHoldsWithTheDefaultSeed() {
        LabResult result = new Normalization().run(LabSettings.defaults());
        assertTrue(result.verdict().holds(), () -> result.verdict().checks().toString());
        LabResultRoundTrip.assertSurvivesSaving(result);
        assertEquals(4, result.figures().size());
        assertEquals(2, result.figures().stream().filter(f -> f.surface() != null).count());

        // the independent reference: κ of XᵀX computed here, in float64, from the generated features
        Dataset raw = Normalization.generate(LabSettings.defaults().seed());
        Dataset standardized = Standardizer.fit(raw).transform(raw);
        List<List<Object>> rows = result.tables().get(0).rows();
        assertEquals(conditionOfGram(raw), (double) rows.get(0).get(1), 1e-3 * conditionOfGram(raw));
        assertEquals(conditionOfGram(standardized), (double) rows.get(1).get(1), 1e-3);
        assertTrue(conditionOfGram(raw) > 1e5, "scales 1 and 1000 give κ ≈ 1e6: " + conditionOfGram(raw));
        assertTrue(conditionOfGram(standardized) < 1.5, "standardized, uncorrelated features: κ ≈ 1");
        // gradient descent on a quadratic is stable iff lr < 2/λmax; λmax of the Hessian 2XᵀX/m (plus the bias) bounds
        // where the raw sweep can still converge
        double lambdaMax = 2 * largestEigenvalue(raw) ;
        double rawStable = (double) rows.get(0).get(8);
        assertTrue(rawStable < 2 / lambdaMax && rawStable >= 0.5 / lambdaMax,
                "raw largest stable lr " + rawStable + " against 2/λmax = " + 2 / lambdaMax);
    }

    @Test
    void withFeaturesOfOneScaleTheClaimHasNothingToShow() {
        // negative case: both features of scale 1, so standardizing changes little and the checks must say so
        LabResult result = new Normalization(1).run(LabSettings.defaults());
        assertTrue(!result.verdict().holds(), () -> result.verdict().checks().toString());
        assertTrue(!result.verdict().checks().get(0).holds(), "κ raw is not 1000× κ standardized at equal scales");
        assertTrue(result.verdict().checks().get(1).holds(), "the curvature still matches the closed form");
    }

    private static double conditionOfGram(Dataset data) {
        double[][] g = gram(data);
        return Normalization.condition(g);
    }

    private static double largestEigenvalue(Dataset data) {
        double[][] g = gram(data);
        double mean = (g[0][0] + g[1][1]) / 2;
        return mean + Math.sqrt(Math.pow((g[0][0] - g[1][1]) / 2, 2) + g[0][1] * g[0][1]);
    }

    private static double[][] gram(Dataset data) {
        double[][] g = new double[2][2];
        int m = data.size();
        for (int i = 0; i < m; i++) {
            double a = data.features().get(i, 0);
            double b = data.features().get(i, 1);
            g[0][0] += a * a / m;
            g[0][1] += a * b / m;
            g[1][1] += b * b / m;
        }
        g[1][0] = g[0][1];
        return g;
    }
}
