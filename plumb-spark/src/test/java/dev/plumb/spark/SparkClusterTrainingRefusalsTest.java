package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What {@code --spark} and {@code --spark-mode} accept, checked before any Spark starts. */
class SparkClusterTrainingRefusalsTest {

    private final SparkClusterTraining engine = new SparkClusterTraining();

    @Test
    void mastersSparkKnowsAreAccepted() {
        for (String master : new String[] {"local", "local[2]", "local[*]", "local[4,2]", "spark://10.0.0.1:7077",
                "spark://a:7077,b:7077", "yarn", "k8s://https://kube:6443"}) {
            assertThatCode(() -> engine.check(master, "sync")).as(master).doesNotThrowAnyException();
        }
    }

    @Test
    void anythingElseIsOneClearRefusal() {
        assertThatThrownBy(() -> engine.check("localhost", "sync")).hasMessageContaining("--spark: 'localhost'")
                .hasMessageContaining("spark://host:7077");
        assertThatThrownBy(() -> engine.check("local[2]", "avg")).hasMessageContaining("'avg'")
                .hasMessageContaining("average=K");
        assertThatThrownBy(() -> engine.check("local[2]", "average=0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> engine.check("local[2]", "average=x")).hasMessageContaining("'average=x'");
    }

    @Test
    void modesParse() {
        org.assertj.core.api.Assertions.assertThat(SparkTraining.parse("sync")).isEqualTo(SparkTraining.SYNCHRONOUS);
        org.assertj.core.api.Assertions.assertThat(SparkTraining.parse("average=4")).isEqualTo(SparkTraining.averaging(4));
        org.assertj.core.api.Assertions.assertThat(SparkTraining.parse("average")).isEqualTo(SparkTraining.averaging(8));
    }
}
