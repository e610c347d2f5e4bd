package org.xgrad.examples.experiment;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Named entries in the order they were added: the one list that lookups, help texts and error messages come from.
 *
 * @param <T> what a name stands for
 */
public final class Registry<T> implements Iterable<String> {

    private final Map<String, T> entries = new LinkedHashMap<>();

    /** @return a registry of {@code values}, each under {@code name.apply(value)} */
    public static <T> Registry<T> of(T[] values, Function<T, String> name) {
        Registry<T> registry = new Registry<>();
        for (T value : values) {
            registry.add(name.apply(value), value);
        }
        return registry;
    }

    /** Adds {@code value} under {@code name}; names are unique. */
    public Registry<T> add(String name, T value) {
        if (entries.putIfAbsent(name, value) != null) {
            throw new IllegalStateException("two entries named " + name);
        }
        return this;
    }

    /**
     * @param setting the setting whose value {@code name} is, for the error
     * @return the entry named {@code name}
     * @throws SettingException if there is none
     */
    public T get(String name, String setting) {
        T value = entries.get(name);
        if (value == null) {
            throw new SettingException("{" + setting + "} " + name + " is not one of " + names());
        }
        return value;
    }

    /** @return the names, comma-separated, in order */
    public String names() { return String.join(", ", entries.keySet()); }

    public Set<String> keys() { return Collections.unmodifiableSet(entries.keySet()); }

    public Map<String, T> entries() { return Collections.unmodifiableMap(entries); }

    @Override
    public Iterator<String> iterator() { return keys().iterator(); }
}
