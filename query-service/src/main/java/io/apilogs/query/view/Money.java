package io.apilogs.query.view;

import java.math.BigDecimal;

/** Money in the views: USD as a plain decimal, without trailing zeros and never in exponent notation. */
public final class Money {
    private Money() {
    }

    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
