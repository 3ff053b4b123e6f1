package dev.parley.schema.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TotalTest {

    @Test
    void anExactTotalKnowsItsPagesAndItsLastRow() {
        Total total = Total.exactly(41);

        assertThat(total.pages(20)).isEqualTo(3);
        assertThat(total.hasMoreAfter(40, true)).isTrue();
        assertThat(total.hasMoreAfter(41, false)).isFalse();
        assertThat(total.text()).isEqualTo("41");
        assertThat(total.lastPage(20)).isEqualTo(3);
        assertThat(total.position(2, 20)).isEqualTo("Page 2 of 3");
        assertThat(Total.exactly(0).pages(20)).isEqualTo(1);
        assertThat(Total.exactly(40).hasMoreAfter(40, true)).isFalse();
    }

    @Test
    void aboveTheLimitRowsFollowUpToTheLimitAndThenEveryFullPage() {
        Total total = Total.moreThanLimit();

        assertThat(total.pages(20)).isEqualTo(-1);
        assertThat(total.hasMoreAfter(9_999, false)).isTrue();
        assertThat(total.hasMoreAfter(10_000, true)).isTrue();
        assertThat(total.hasMoreAfter(10_001, false)).isFalse();
        assertThat(total.text()).isEqualTo("more than 10,000");
        assertThat(total.lastPage(20)).isEqualTo(Integer.MAX_VALUE);
        assertThat(total.position(201, 20)).isEqualTo("Page 201");
    }
}
