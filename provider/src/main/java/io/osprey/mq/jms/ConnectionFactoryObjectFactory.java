package io.osprey.mq.jms;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;

/**
 * Rebuilds an {@link OspreyConnectionFactory} or {@link OspreyXaConnectionFactory} from the {@link Reference} its
 * {@code getReference()} gives, for JNDI
 * trees that store references rather than serialized objects. Anything else is not ours: {@code null}, so that JNDI
 * tries other factories (the {@link ObjectFactory} contract).
 */
public final class ConnectionFactoryObjectFactory implements ObjectFactory {
    /**
     * @return the factory, or null when {@code obj} is not a reference to an Osprey connection factory
     * @throws IllegalArgumentException for one of our references holding a bad URL
     */
    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) {
        if (!(obj instanceof Reference reference)) {
            return null;
        }
        boolean xa = OspreyXaConnectionFactory.class.getName().equals(reference.getClassName());
        if (!xa && !OspreyConnectionFactory.class.getName().equals(reference.getClassName())) {
            return null;
        }
        RefAddr address = reference.get(OspreyConnectionFactory.URL_ADDRESS);
        Object url = address == null ? null : address.getContent();
        if (!(url instanceof String s)) {
            throw new IllegalArgumentException("an Osprey connection factory reference without its url address");
        }
        return xa ? new OspreyXaConnectionFactory(s) : new OspreyConnectionFactory(s);
    }
}
