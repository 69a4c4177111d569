package dev.cliauth.local.dynamo;

import java.math.BigDecimal;

/**
 * DynamoDB's number type: up to 38 significant digits, magnitudes from 1E-130 to below 1E+126,
 * leading and trailing zeroes trimmed. Every stored number passes {@link #check}.
 */
final class Numbers {

    static final int MAX_DIGITS = 38;
    private static final int MAX_EXPONENT = 125;
    private static final int MIN_EXPONENT = -130;

    private Numbers() {
    }

    /** A number as sent on the wire, validated and normalised. */
    static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw DynamoException.validation("A value provided cannot be converted into a number");
        }
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw DynamoException.validation("A value provided cannot be converted into a number");
        }
        return check(d);
    }

    /** {@code d} normalised, or a ValidationException when DynamoDB could not store it. */
    static BigDecimal check(BigDecimal d) {
        if (d.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal n = d.stripTrailingZeros();
        int exponent = n.precision() - n.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw DynamoException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw DynamoException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        if (n.precision() > MAX_DIGITS) {
            throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        return n;
    }

    /** Bytes a number takes in an item: about one per two significant digits, plus one. */
    static int size(BigDecimal n) {
        return (n.precision() + 1) / 2 + 1;
    }

    static String text(BigDecimal n) {
        return n.toPlainString();
    }
}
