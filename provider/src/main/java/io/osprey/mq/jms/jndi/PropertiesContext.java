package io.osprey.mq.jms.jndi;

import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTopic;
import jakarta.jms.InvalidDestinationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.naming.Binding;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;

/**
 * The root context {@link OspreyInitialContextFactory} makes: the configured names, then the two dynamic
 * subcontexts {@value #DYNAMIC_QUEUES} and {@value #DYNAMIC_TOPICS}, whose every name is the destination of that
 * name. A configured name wins over a dynamic one, so {@code queue.dynamicQueues/x} can point elsewhere.
 */
final class PropertiesContext extends ReadOnlyContext {
    static final String DYNAMIC_QUEUES = "dynamicQueues";
    static final String DYNAMIC_TOPICS = "dynamicTopics";

    private final Map<String, Object> bindings;

    PropertiesContext(Hashtable<?, ?> environment, Map<String, Object> bindings) {
        super(environment);
        this.bindings = Map.copyOf(bindings);
    }

    @Override
    public Object lookup(String name) throws NamingException {
        if (name == null || name.isEmpty()) {
            return new PropertiesContext(environmentView(), bindings);
        }
        Object bound = bindings.get(name);
        if (bound != null) {
            return bound;
        }
        if (name.equals(DYNAMIC_QUEUES) || name.equals(DYNAMIC_TOPICS)) {
            return new DynamicDestinationsContext(environmentView(), name.equals(DYNAMIC_QUEUES));
        }
        if (name.startsWith(DYNAMIC_QUEUES + "/")) {
            return dynamic(name, name.substring(DYNAMIC_QUEUES.length() + 1), true);
        }
        if (name.startsWith(DYNAMIC_TOPICS + "/")) {
            return dynamic(name, name.substring(DYNAMIC_TOPICS.length() + 1), false);
        }
        throw new NameNotFoundException(name + " is not bound: configure it as connectionFactory." + name
                + ", queue." + name + " or topic." + name + ", or use " + DYNAMIC_QUEUES + "/<name> or "
                + DYNAMIC_TOPICS + "/<name>");
    }

    static Object dynamic(String fullName, String destinationName, boolean queue) throws NamingException {
        try {
            return queue ? new OspreyQueue(destinationName) : new OspreyTopic(destinationName);
        } catch (InvalidDestinationException e) {
            InvalidNameException bad = new InvalidNameException(fullName + ": " + e.getMessage());
            bad.setRootCause(e);
            throw bad;
        }
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        List<NameClassPair> out = new ArrayList<>();
        for (Binding binding : bindingsOf(name)) {
            out.add(new NameClassPair(binding.getName(), binding.getClassName()));
        }
        return new ListEnumeration<>(out);
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        return new ListEnumeration<>(bindingsOf(name));
    }

    private List<Binding> bindingsOf(String name) throws NamingException {
        if (name != null && !name.isEmpty()) {
            Object target = lookup(name);
            if (!(target instanceof Context)) {
                throw new NotContextException(name + " is not a context");
            }
            // the dynamic subcontexts hold every name and list none
            return List.of();
        }
        List<Binding> out = new ArrayList<>();
        bindings.forEach((key, value) -> out.add(new Binding(key, value)));
        return out;
    }

    @Override
    public String getNameInNamespace() {
        return "";
    }

    /** {@code dynamicQueues} or {@code dynamicTopics} looked up as a context of its own. */
    private static final class DynamicDestinationsContext extends ReadOnlyContext {
        private final boolean queues;

        DynamicDestinationsContext(Hashtable<?, ?> environment, boolean queues) {
            super(environment);
            this.queues = queues;
        }

        @Override
        public Object lookup(String name) throws NamingException {
            if (name == null || name.isEmpty()) {
                return this;
            }
            return dynamic(getNameInNamespace() + "/" + name, name, queues);
        }

        @Override
        public NamingEnumeration<NameClassPair> list(String name) {
            return new ListEnumeration<>(List.of());
        }

        @Override
        public NamingEnumeration<Binding> listBindings(String name) {
            return new ListEnumeration<>(List.of());
        }

        @Override
        public String getNameInNamespace() {
            return queues ? DYNAMIC_QUEUES : DYNAMIC_TOPICS;
        }
    }

    /** A NamingEnumeration over a list. */
    private static final class ListEnumeration<T> implements NamingEnumeration<T> {
        private final java.util.Iterator<T> items;

        ListEnumeration(List<T> items) {
            this.items = Collections.unmodifiableList(items).iterator();
        }

        @Override
        public T next() {
            return items.next();
        }

        @Override
        public boolean hasMore() {
            return items.hasNext();
        }

        @Override
        public void close() {
        }

        @Override
        public boolean hasMoreElements() {
            return items.hasNext();
        }

        @Override
        public T nextElement() {
            return items.next();
        }
    }
}
