package dev.ordertotals.operator.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that refuse, while the command line is parsed (before anything is read or written), a value the option
 * cannot take: a negative count, a rate or share out of range. picocli reports the refusal as {@code Invalid value
 * for option '--max-report': -1 is negative: give 0 or more}, and the command exits 2 without doing anything.
 */
public final class OptionValues {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,10}");

    private OptionValues() {}

    /** A count that may be 0: {@code --max-report}, {@code --show}, {@code --orders}, {@code --existing}. */
    public static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int parsed = integer(value);
            if (parsed < 0) {
                throw new TypeConversionException(value + " is negative: give 0 or more");
            }
            return parsed;
        }
    }

    /** Any whole number, such as a seed. */
    public static final class WholeNumber implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
        }
    }

    /** A count of at least 1: {@code --segments}, {@code --drain-timeout}. */
    public static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int parsed = integer(value);
            if (parsed < 1) {
                throw new TypeConversionException(value + " is not a positive number: give 1 or more");
            }
            return parsed;
        }
    }

    /** A rate that may be 0 (meaning no limit): {@code --max-write-units}. */
    public static final class NonNegativeRate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double parsed = decimal(value);
            if (parsed < 0) {
                throw new TypeConversionException(value + " is negative: give 0 (no limit) or more");
            }
            return parsed;
        }
    }

    /** A share in percent, 0 to 100: {@code --malformed}. */
    public static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double parsed = decimal(value);
            if (parsed < 0 || parsed > 100) {
                throw new TypeConversionException(value + " is not a percentage: give 0 to 100");
            }
            return parsed;
        }
    }

    private static int integer(String value) {
        String text = value.strip();
        if (!INTEGER.matcher(text).matches()) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        long parsed = Long.parseLong(text);
        if (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE) {
            throw new TypeConversionException(value + " is too large: at most " + Integer.MAX_VALUE);
        }
        return (int) parsed;
    }

    private static double decimal(String value) {
        double parsed;
        try {
            parsed = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        if (!Double.isFinite(parsed)) {
            throw new TypeConversionException("'" + value + "' is not a finite number");
        }
        return parsed;
    }
}
