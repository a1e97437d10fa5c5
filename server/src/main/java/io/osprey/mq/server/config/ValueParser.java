package io.osprey.mq.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns a configuration string into a record component's type, strictly: {@code "yes"} is not a boolean and
 * {@code "10k"} is not an int, because silently keeping a default for a mistyped value is how RocketMQ's
 * {@code properties2Object} hides configuration mistakes.
 */
final class ValueParser {
    private ValueParser() {
    }

    /** @throws IllegalArgumentException with a reason naming the expected form, without the key */
    static Object parse(String raw, Class<?> type) {
        String value = raw.trim();
        if (type == String.class) {
            return value;
        }
        if (type == int.class || type == Integer.class) {
            return number(value, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE,
                    () -> Integer.parseInt(value));
        }
        if (type == long.class || type == Long.class) {
            return number(value, "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE,
                    () -> Long.parseLong(value));
        }
        if (type == double.class || type == Double.class) {
            Double parsed = (Double) number(value, "a decimal number", () -> Double.parseDouble(value));
            if (parsed.isNaN() || parsed.isInfinite()) {
                throw new IllegalArgumentException("is not a finite decimal number");
            }
            return parsed;
        }
        if (type == boolean.class || type == Boolean.class) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("is not true or false");
            };
        }
        if (type == Path.class) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("is not a path: " + e.getReason());
            }
        }
        if (type.isEnum()) {
            return enumConstant(value, type);
        }
        throw new IllegalStateException("configuration components of type " + type.getName() + " are not supported");
    }

    private static Object enumConstant(String value, Class<?> type) {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("is not one of " + Arrays.stream(type.getEnumConstants())
                .map(constant -> ((Enum<?>) constant).name()).collect(Collectors.joining(", ")));
    }

    private static Object number(String value, String expected, Supplier<Object> parse) {
        try {
            return parse.get();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not " + expected);
        }
    }
}
