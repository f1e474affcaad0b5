package io.apilogs.query.service;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetailBudgetTest {
    private static final long MB = 1024 * 1024;

    @Test
    void aDetailIsChargedTenTimesItsStoredBytesAndRefusedWith503PastTheBudget() {
        DetailBudget budget = new DetailBudget(64 * MB);
        assertThat(DetailBudget.cost(1_000)).isEqualTo(16 * 1024 + 10_000);
        DetailBudget.Claim first = budget.claim();
        first.take(3 * MB);
        first.take(2 * MB);
        assertThat(budget.held()).isEqualTo(2 * DetailBudget.OVERHEAD + 50 * MB);
        DetailBudget.Claim second = budget.claim();
        assertThatThrownBy(() -> second.take(2 * MB)).isInstanceOfSatisfying(WebApplicationException.class, e -> {
            assertThat(e.getResponse().getStatus()).isEqualTo(503);
            assertThat(e.getResponse().getHeaderString("Retry-After")).isEqualTo("1");
        });
        second.take(MB);
        first.close();
        first.close();
        assertThat(budget.held()).isEqualTo(DetailBudget.cost(MB));
        second.take(5 * MB);
        second.close();
        assertThat(budget.held()).isZero();
    }

    @Test
    void aClaimClosedByItsGoneClientTakesNothingMore() {
        DetailBudget budget = new DetailBudget(64 * MB);
        DetailBudget.Claim claim = budget.claim();
        claim.close();
        assertThatThrownBy(() -> claim.take(10)).isInstanceOf(IllegalStateException.class);
        assertThat(budget.held()).isZero();
    }

    @Test
    void whatCouldNeverFitIsToldApart() {
        DetailBudget budget = new DetailBudget(64 * MB);
        assertThat(budget.fits(6 * MB)).isTrue();
        assertThat(budget.fits(7 * MB)).isFalse();
    }
}
