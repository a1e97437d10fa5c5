package io.osprey.mq.server.config;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.validator.HibernateValidator;

/**
 * Builds validated configuration records from layered sources. For each record component the value is, from
 * lowest to highest precedence: the record's default, a properties file, an {@code OSPREY_*} environment
 * variable, a command-line {@code -D key=value}. Keys are the component names, optionally behind a prefix
 * ({@code namesrv.listenPort} when a NameServer shares a file with a broker).
 *
 * <p>One process may load several records from the same sources (standalone: NameServer, broker, store); after
 * the last {@link #load}, {@link #rejectUnknownKeys()} fails on any key no record claimed, so a typo stops the
 * start instead of leaving a default silently in place.
 *
 * <p>Supported component types: String, int, long, double, boolean (and boxes), {@link java.nio.file.Path},
 * enums (by name, case-insensitive). Not thread-safe; used once at start.
 */
public final class ConfigLoader {
    private final List<ConfigSource> sources;
    private final Validator validator;
    /** Every key some loaded record declares, to tell unknown keys apart. */
    private final Map<String, Class<?>> knownKeys = new LinkedHashMap<>();

    /**
     * @param sourcesLowestFirst layers in increasing precedence, usually file, environment, command line
     */
    public ConfigLoader(List<ConfigSource> sourcesLowestFirst, Validator validator) {
        this.sources = List.copyOf(sourcesLowestFirst);
        this.validator = validator;
    }

    /**
     * A record like {@code defaults} with every component the sources set (as {@code prefix + componentName})
     * replaced, then validated with its Hibernate Validator constraints.
     *
     * @throws ConfigException naming the first key whose value does not parse or breaks a constraint
     */
    public <R extends Record> R load(String prefix, R defaults) {
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) defaults.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Map<String, String> origins = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String key = prefix + component.getName();
            Class<?> previous = knownKeys.putIfAbsent(key, type);
            if (previous != null) {
                throw new IllegalStateException("key " + key + " is declared by both " + previous.getSimpleName()
                        + " and " + type.getSimpleName());
            }
            Optional<Setting> setting = lookup(key);
            if (setting.isEmpty()) {
                values[i] = accessor(component, defaults);
                origins.put(key, "default");
                continue;
            }
            try {
                values[i] = ValueParser.parse(setting.get().value(), component.getType());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, quote(setting.get().value()) + " " + e.getMessage()
                        + " (from " + setting.get().origin() + ")", e);
            }
            origins.put(key, setting.get().origin());
        }
        R config = construct(type, components, values, prefix);
        validate(config, prefix, origins);
        return config;
    }

    /**
     * The validation every launcher uses: Hibernate Validator with English messages, so an error line reads the
     * same on every host whatever its locale. The caller closes it.
     */
    public static ValidatorFactory validatorFactory() {
        return Validation.byProvider(HibernateValidator.class).configure()
                .defaultLocale(Locale.ENGLISH)
                .locales(Locale.ENGLISH)
                .buildValidatorFactory();
    }

    /** {@link #load(String, Record)} without a prefix. */
    public <R extends Record> R load(R defaults) {
        return load("", defaults);
    }

    /**
     * Fails on the first key (or {@code OSPREY_*} variable) that no record loaded so far declares.
     *
     * @throws ConfigException naming the key, its value, its source and the nearest known key
     */
    public void rejectUnknownKeys() {
        Map<String, String> byEnvironmentName = new LinkedHashMap<>();
        knownKeys.keySet().forEach(key -> byEnvironmentName.put(ConfigSource.environmentName(key), key));
        for (ConfigSource source : sources) {
            Set<String> known = source.environment() ? byEnvironmentName.keySet() : knownKeys.keySet();
            for (Map.Entry<String, String> entry : new TreeMap<>(source.values()).entrySet()) {
                if (!known.contains(entry.getKey())) {
                    throw new ConfigException(entry.getKey(), "unknown key (value " + quote(entry.getValue())
                            + ", from " + source.origin() + ")" + KeySuggestion.nearest(entry.getKey(), known));
                }
            }
        }
    }

    private Optional<Setting> lookup(String key) {
        for (int i = sources.size() - 1; i >= 0; i--) {
            ConfigSource source = sources.get(i);
            Optional<String> value = source.lookup(key);
            if (value.isPresent()) {
                return Optional.of(new Setting(value.get(), source.describe(key)));
            }
        }
        return Optional.empty();
    }

    private <R extends Record> void validate(R config, String prefix, Map<String, String> origins) {
        Set<ConstraintViolation<R>> violations = validator.validate(config);
        Optional<ConstraintViolation<R>> first = violations.stream()
                .min(Comparator.comparingInt(violation -> componentIndex(config, violation)));
        if (first.isPresent()) {
            ConstraintViolation<R> violation = first.get();
            String key = prefix + violation.getPropertyPath();
            throw new ConfigException(key, quote(String.valueOf(violation.getInvalidValue())) + " "
                    + violation.getMessage() + " (from " + origins.getOrDefault(key, "default") + ")");
        }
    }

    /** Reports violations in declaration order, so the same bad file always names the same key. */
    private static int componentIndex(Record config, ConstraintViolation<?> violation) {
        String property = violation.getPropertyPath().toString();
        RecordComponent[] components = config.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(property)) {
                return i;
            }
        }
        return components.length;
    }

    private static Object accessor(RecordComponent component, Record defaults) {
        try {
            return component.getAccessor().invoke(defaults);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of "
                    + defaults.getClass().getSimpleName(), e);
        }
    }

    private static <R extends Record> R construct(Class<R> type, RecordComponent[] components, Object[] values,
                                                  String prefix) {
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(parameterTypes);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            // a compact constructor's own check; it names the component in its message
            Throwable cause = e.getCause();
            throw new ConfigException(prefix.isEmpty() ? type.getSimpleName() : prefix + "*",
                    String.valueOf(cause.getMessage()), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static String quote(String value) {
        return "'" + value + "'";
    }

    /** Whether any source sets {@code key}, for a launcher that must refuse a key its mode decides itself. */
    public boolean isSet(String key) {
        return lookup(key).isPresent();
    }

    /** The keys of every record loaded so far, in declaration order. */
    public List<String> knownKeys() {
        return new ArrayList<>(knownKeys.keySet());
    }

    private record Setting(String value, String origin) {
    }
}
