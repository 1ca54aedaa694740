package dev.basalt.server.cli;

import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks of option values that picocli's types do not make: number ranges and {@code on|off}. A
 * failed check is a usage error like an unknown option: the message names the option and the
 * value, the command's usage follows, and the exit status is 2.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    /** {@code value} of {@code option}, which must lie in [min, max]. */
    static long inRange(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw usage(spec, option + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** The comma list {@code values} of {@code option}, each of which must lie in [min, max]. */
    static List<Integer> allInRange(CommandSpec spec, String option, List<Integer> values, int min, int max) {
        for (int value : values) {
            if (value < min || value > max) {
                throw usage(spec, option + " values must be in [" + min + ", " + max + "], got " + value);
            }
        }
        return values;
    }

    /** A usage error of the command {@code spec}: picocli prints it with the usage and exits 2. */
    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The value of an {@code on|off} option (a boolean option would be a flag without a value in picocli). */
    enum OnOff {
        ON, OFF;

        boolean isOn() {
            return this == ON;
        }
    }

    /** Reads an {@code on|off} option: exactly {@code on} or {@code off}, nothing else. */
    static final class OnOffConverter implements ITypeConverter<OnOff> {
        @Override
        public OnOff convert(String value) {
            return switch (value) {
                case "on" -> OnOff.ON;
                case "off" -> OnOff.OFF;
                default -> throw new TypeConversionException("must be on or off, got '" + value + "'");
            };
        }
    }
}
