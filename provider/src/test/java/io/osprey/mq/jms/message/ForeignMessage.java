package io.osprey.mq.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Another provider's message, as small as it can be: a dynamic proxy of any {@code jakarta.jms} message interface,
 * answering the calls a provider makes to read a foreign message (headers, properties, body) and to set the headers
 * a send assigns. Anything else is an UnsupportedOperationException, so a conversion that relied on more would show.
 */
final class ForeignMessage implements InvocationHandler {
    final Map<String, Object> headers = new HashMap<>();
    final Map<String, Object> properties = new LinkedHashMap<>();
    private final Object body;
    private int streamPosition;
    int resets;

    private ForeignMessage(Object body) {
        this.body = body;
        headers.put("DeliveryMode", DeliveryMode.PERSISTENT);
        headers.put("Priority", 4);
        headers.put("Timestamp", 0L);
        headers.put("Expiration", 0L);
        headers.put("DeliveryTime", 0L);
        headers.put("Redelivered", false);
    }

    /** @param body a String (TextMessage), byte[] (Bytes), Map (Map), List (Stream), Serializable (Object) */
    static <T extends Message> T of(Class<T> type, Object body, ForeignMessage[] handle) {
        ForeignMessage handler = new ForeignMessage(body);
        if (handle != null) {
            handle[0] = handler;
        }
        return type.cast(Proxy.newProxyInstance(ForeignMessage.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.startsWith("getJMS") && !name.equals("getJMSCorrelationIDAsBytes")) {
            return headers.get(name.substring(6));
        }
        if (name.startsWith("setJMS") && !name.equals("setJMSCorrelationIDAsBytes")) {
            headers.put(name.substring(6), args[0]);
            return null;
        }
        switch (name) {
            case "getPropertyNames":
                return Collections.enumeration(properties.keySet());
            case "getObjectProperty":
                return properties.get((String) args[0]);
            case "getText":
                return body;
            case "reset":
                resets++;
                streamPosition = 0;
                return null;
            case "getBodyLength":
                return (long) ((byte[]) body).length;
            case "readBytes": {
                byte[] bytes = (byte[]) body;
                byte[] into = (byte[]) args[0];
                System.arraycopy(bytes, 0, into, 0, bytes.length);
                return bytes.length;
            }
            case "getMapNames":
                return Collections.enumeration(((Map<?, ?>) body).keySet());
            case "getObject":
                return args == null ? body : ((Map<?, ?>) body).get(args[0]);
            case "readObject": {
                List<?> values = (List<?>) body;
                if (streamPosition == values.size()) {
                    throw new MessageEOFException("end of stream");
                }
                return values.get(streamPosition++);
            }
            case "toString":
                return "ForeignMessage" + headers;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                throw new UnsupportedOperationException(name);
        }
    }
}
