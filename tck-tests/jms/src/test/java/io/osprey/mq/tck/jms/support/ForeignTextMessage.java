package io.osprey.mq.tck.jms.support;

import jakarta.jms.TextMessage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TextMessage} that is not the provider's (section 3.12): a proxy over plain maps, as another provider's
 * message would arrive through the interfaces only. Headers are kept under their getter's name, properties under
 * their own; typed property getters return what was set, with no conversions.
 */
public final class ForeignTextMessage implements InvocationHandler {
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private String text;

    private ForeignTextMessage() {
    }

    public static TextMessage create(String text) {
        ForeignTextMessage handler = new ForeignTextMessage();
        handler.text = text;
        return (TextMessage) Proxy.newProxyInstance(ForeignTextMessage.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, handler);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        String name = method.getName();
        switch (name) {
            case "getText":
                return text;
            case "setText":
                text = (String) args[0];
                return null;
            case "getPropertyNames":
                return Collections.enumeration(properties.keySet());
            case "propertyExists":
                return properties.containsKey((String) args[0]);
            case "clearProperties":
                properties.clear();
                return null;
            case "clearBody":
                text = null;
                return null;
            case "getBody":
                return text;
            case "isBodyAssignableTo":
                return ((Class<?>) args[0]).isAssignableFrom(String.class);
            case "acknowledge":
                return null;
            case "toString":
                return "ForeignTextMessage" + headers + properties;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                break;
        }
        if (name.startsWith("setJMS")) {
            headers.put("get" + name.substring(3), args[0]);
            return null;
        }
        if (name.startsWith("getJMS")) {
            Object value = headers.get(name);
            Class<?> type = method.getReturnType();
            if (value == null && type.isPrimitive()) {
                return type == boolean.class ? Boolean.FALSE : type == long.class ? (Object) 0L : (Object) 0;
            }
            return value;
        }
        if (name.startsWith("set") && name.endsWith("Property")) {
            properties.put((String) args[0], args[1]);
            return null;
        }
        if (name.startsWith("get") && name.endsWith("Property")) {
            return properties.get((String) args[0]);
        }
        throw new UnsupportedOperationException(name);
    }
}
