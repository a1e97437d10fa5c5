package io.osprey.mq.compat.support;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Copies a configuration record with some components replaced, by component name. Tests name only the knobs they
 * change (the same names the launcher takes as {@code -D key=value}), so they keep compiling when components are
 * added to the records.
 */
public final class ConfigRecords {
    private ConfigRecords() {
    }

    public static <R extends Record> R with(R record, Map<String, ?> overrides) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Set<String> unused = new HashSet<>(overrides.keySet());
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                types[i] = component.getType();
                values[i] = overrides.containsKey(component.getName())
                        ? overrides.get(component.getName())
                        : component.getAccessor().invoke(record);
                unused.remove(component.getName());
            }
            if (!unused.isEmpty()) {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + unused);
            }
            @SuppressWarnings("unchecked")
            Constructor<R> canonical = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record, e);
        }
    }
}
