package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class BuffersTest {

    @Test
    void aRowCountSeenBeforeGetsTheSameMatrixBack() {
        Buffers buffers = new Buffers(DType.FLOAT32, 3);
        Matrix full = buffers.get(32);
        Matrix last = buffers.get(7);

        assertThat(buffers.get(32)).isSameAs(full);
        assertThat(buffers.get(7)).isSameAs(last);
        assertThat(full.rows()).isEqualTo(32);
        assertThat(full.cols()).isEqualTo(3);
        assertThat(full.dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void theLeastRecentlyUsedSlotGoesWhenMoreRowCountsThanSlotsShowUp() {
        Buffers buffers = new Buffers(DType.FLOAT64, 2);
        Matrix kept = buffers.get(1);
        for (int rows = 2; rows <= 6; rows++) {
            buffers.get(rows);
            buffers.get(1); // keeps rows = 1 recently used
        }
        Matrix second = buffers.get(2);
        buffers.get(7); // evicts the least recently used: rows = 3

        assertThat(buffers.get(1)).isSameAs(kept);
        assertThat(buffers.get(2)).isSameAs(second);
    }

    @Test
    void refusesNonPositiveSizesNamingTheArgument() {
        assertThatThrownBy(() -> new Buffers(DType.FLOAT32, 0)).hasMessageContaining("cols");
        assertThatThrownBy(() -> new Buffers(DType.FLOAT32, 4).get(0)).hasMessageContaining("rows");
    }
}
