package io.osprey.mq.jms.destination;

import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import java.util.Hashtable;
import java.util.Map;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;

/**
 * Rebuilds Osprey destinations from the {@link Reference}s their {@link OspreyDestination#getReference()} gives,
 * for JNDI trees that store references rather than serialized objects. Temporary destinations come back without
 * owner. Anything that is not a reference to one of our destination classes is not ours: {@code null}, so that
 * JNDI tries other factories (the {@link ObjectFactory} contract).
 */
public final class OspreyDestinationFactory implements ObjectFactory {
    private static final Map<String, Kind> KINDS = Map.of(
            OspreyQueue.class.getName(), Kind.QUEUE,
            OspreyTopic.class.getName(), Kind.TOPIC,
            OspreyTemporaryQueue.class.getName(), Kind.TEMPORARY_QUEUE,
            OspreyTemporaryTopic.class.getName(), Kind.TEMPORARY_TOPIC);

    /**
     * @return the destination, or null when {@code obj} is not a reference to an Osprey destination
     * @throws jakarta.jms.InvalidDestinationException for one of our references holding an invalid name
     */
    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment)
            throws Exception {
        if (!(obj instanceof Reference reference)) {
            return null;
        }
        Kind kind = KINDS.get(reference.getClassName());
        if (kind == null) {
            return null;
        }
        RefAddr address = reference.get(OspreyDestination.NAME_ADDRESS);
        Object destinationName = address == null ? null : address.getContent();
        return OspreyDestination.of(kind, destinationName instanceof String s ? s : null);
    }
}
