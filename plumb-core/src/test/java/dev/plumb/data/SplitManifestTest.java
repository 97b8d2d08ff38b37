package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class SplitManifestTest {

    // example i has feature i, so a part's rows name the original indices
    private static Dataset ids(int n, int classes) {
        Matrix x = Matrix.zeros(DType.FLOAT64, n, 1);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x.set(i, 0, i);
            labels[i] = i % classes;
        }
        return Dataset.classification("ids", x, labels, classes == 2 ? List.of("a", "b") : List.of("a", "b", "c"));
    }

    @Test
    void theManifestDescribesEachPartAndHashesItsIndicesInOrder() throws Exception {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 17, true).apply(ids(300, 3));
        SplitManifest m = parts.manifest();
        assertThat(m.method()).isEqualTo("ratios");
        assertThat(m.seed()).isEqualTo(17L);
        assertThat(m.settings()).containsExactly(0.6, 0.2, 0.2);
        assertThat(m.stratified()).isTrue();
        for (Dataset part : List.of(parts.train(), parts.dev(), parts.test())) {
            String name = part.role().name().toLowerCase();
            SplitManifest.Part p = m.part(name);
            assertThat(p.size()).isEqualTo(part.size());
            int[] counts = new int[3];
            ByteBuffer indices = ByteBuffer.allocate(4 * part.size());
            for (int i = 0; i < part.size(); i++) {
                int id = (int) part.features().get(i, 0);
                counts[id % 3]++;
                indices.putInt(id);
            }
            assertThat(p.classCounts()).containsExactly(counts[0], counts[1], counts[2]);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(indices.array()));
            assertThat(p.indexHash()).as(name).isEqualTo(sha);
        }
        assertThat(m.part("dev").indexHash()).isNotEqualTo(m.part("test").indexHash());
    }

    @Test
    void countsGiveExactSizesAndKeepClassBalance() {
        Split.Parts parts = Split.byCounts(ids(1000, 2), 100, 50, 3, true, false);
        assertThat(parts.train().size()).isEqualTo(850);
        assertThat(parts.dev().size()).isEqualTo(100);
        assertThat(parts.test().size()).isEqualTo(50);
        assertThat(parts.dev().classCounts()).containsExactly(50, 50);
        assertThat(parts.test().classCounts()).containsExactly(25, 25);
        assertThat(parts.manifest().method()).isEqualTo("counts");
        assertThat(parts.manifest().settings()).containsExactly(100.0, 50.0);
    }

    @Test
    void partsCarryTheirRolesAndHeldOutPartsCannotBeSplitAgain() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 1, false).apply(ids(100, 2));
        assertThat(parts.train().role()).isEqualTo(Role.TRAIN);
        assertThat(parts.dev().role()).isEqualTo(Role.DEV);
        assertThat(parts.test().role()).isEqualTo(Role.TEST);
        assertThatThrownBy(() -> new Split(0.5, 0.5, 0, 1, false).apply(parts.test()))
                .hasMessageContaining("TEST part").hasMessageContaining("held out");
        assertThat(new Split(0.75, 0.25, 0, 1, false).apply(parts.train()).train().size()).isEqualTo(45);
    }

    @Test
    void invalidCountsNameTheProblem() {
        assertThatThrownBy(() -> Split.byCounts(ids(10, 2), 5, 5, 1, false, false))
                .hasMessageContaining("dev=5, test=5").hasMessageContaining("10 examples");
        assertThatThrownBy(() -> Split.byCounts(ids(10, 2), -1, 2, 1, false, false)).hasMessageContaining("dev=-1");
    }
}
