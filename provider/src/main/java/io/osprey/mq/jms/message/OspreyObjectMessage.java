package io.osprey.mq.jms.message;

import io.osprey.mq.protocol.jms.JmsBodyType;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * An ObjectMessage. The object is serialized when set, so later changes to it do not reach the message (3.12:
 * "copy their input objects into the message"), and deserialized on each read, so every read is a copy. It is the
 * same Java serialization that travels as the body.
 *
 * <p>Classes are resolved with the thread's context class loader first (an application server's deployment loader),
 * then the default. The JVM's deserialization filter ({@code jdk.serialFilter}) applies; this class adds none.
 */
public class OspreyObjectMessage extends OspreyMessage implements ObjectMessage {
    private byte[] serialized;

    public OspreyObjectMessage() {
    }

    /** @throws MessageFormatException when {@code object} cannot be serialized */
    public OspreyObjectMessage(Serializable object) throws JMSException {
        setObject(object);
    }

    /** @throws MessageFormatException when {@code object} (or something it holds) cannot be serialized */
    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        serialized = object == null ? null : serialize(object);
    }

    /** A new copy of the object, or null. */
    @Override
    public Serializable getObject() throws JMSException {
        return serialized == null ? null : deserialize(serialized);
    }

    /** The Java serialization of the object, or null: the body on the wire. */
    final byte[] serializedForm() {
        return serialized;
    }

    /** Sets the serialized object as received, without deserializing it. */
    final void setSerializedForm(byte[] bytes) {
        serialized = bytes;
    }

    @Override
    JmsBodyType bodyType() {
        return JmsBodyType.OBJECT;
    }

    @Override
    void clearBodyContent() {
        serialized = null;
    }

    @Override
    Object bodyAs(Class<?> c) throws JMSException {
        Serializable object = getObject();
        if (object != null && !c.isInstance(object)) {
            throw notAssignable("ObjectMessage holding a " + object.getClass().getName(), c);
        }
        return object;
    }

    @Override
    boolean bodyAssignableTo(Class<?> c) {
        if (serialized == null) {
            return true;
        }
        try {
            return c.isInstance(deserialize(serialized));
        } catch (MessageFormatException e) {
            // The Message javadoc: "If the message is a ObjectMessage and object deserialization fails then false
            // is returned."
            return false;
        }
    }

    private static byte[] serialize(Serializable object) throws MessageFormatException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw formatException("cannot serialize the " + object.getClass().getName() + " of an ObjectMessage: "
                    + e, e);
        }
        return bytes.toByteArray();
    }

    private static Serializable deserialize(byte[] bytes) throws MessageFormatException {
        try (ObjectInputStream in = new ContextClassLoaderObjectInputStream(new ByteArrayInputStream(bytes))) {
            Object object = in.readObject();
            if (object != null && !(object instanceof Serializable)) {
                throw new MessageFormatException("the body of an ObjectMessage holds a "
                        + object.getClass().getName() + ", which is not Serializable");
            }
            return (Serializable) object;
        } catch (IOException | ClassNotFoundException e) {
            throw formatException("cannot deserialize the object of an ObjectMessage: " + e, e);
        }
    }

    private static MessageFormatException formatException(String message, Exception cause) {
        MessageFormatException e = new MessageFormatException(message);
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }

    /** Resolves classes with the thread's context class loader, then as ObjectInputStream does. */
    private static final class ContextClassLoaderObjectInputStream extends ObjectInputStream {
        ContextClassLoaderObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // Not visible to the context loader (a JDK or provider class seen from an isolated loader):
                    // the default resolution below decides.
                }
            }
            return super.resolveClass(desc);
        }
    }
}
