package io.osprey.mq.protocol.dispatch;

/**
 * The client IDs a JMS connection may have. The provider refuses others with {@code InvalidClientIDException}
 * before asking the broker, and the broker refuses them with {@code INVALID_CLIENT_ID} from a client that did not
 * ask the provider. The rules follow from where the broker keeps a client ID:
 * <ul>
 *   <li>1 to {@value #MAX_LENGTH} Java chars, not blank, no white space at either end (an ID that differs from
 *       another only by a space would be a second client);</li>
 *   <li>no {@code ':'}: durable and shared subscriptions are named {@code sub:<clientId>:<name>}, so a
 *       {@code ':'} in the client ID would let two subscriptions share a name;</li>
 *   <li>no control character (U+0000 to U+001F, U+007F to U+009F): the ID travels in every message property string
 *       (whose separators are U+0001 and U+0002) and in the broker's log lines;</li>
 *   <li>no unpaired surrogate: subscription names are stored in UTF-8, which cannot hold one.</li>
 * </ul>
 */
public final class ClientIds {
    public static final int MAX_LENGTH = 255;
    /** Separates the client ID from the subscription name in the broker's subscription keys. */
    public static final char SUBSCRIPTION_SEPARATOR = ':';

    private ClientIds() {
    }

    /** Why {@code clientId} is not a valid client ID, or null when it is. */
    public static String problem(String clientId) {
        if (clientId == null) {
            return "a client ID must not be null";
        }
        if (clientId.isBlank()) {
            return "a client ID must not be empty or blank";
        }
        if (clientId.length() > MAX_LENGTH) {
            return "a client ID has at most " + MAX_LENGTH + " characters, this one " + clientId.length();
        }
        if (Character.isWhitespace(clientId.charAt(0))
                || Character.isWhitespace(clientId.charAt(clientId.length() - 1))) {
            return "a client ID must not begin or end with white space";
        }
        for (int i = 0; i < clientId.length(); i++) {
            char c = clientId.charAt(i);
            if (c == SUBSCRIPTION_SEPARATOR) {
                return "a client ID must not contain ':' (it separates the client ID from the subscription name)";
            }
            if (Character.isISOControl(c)) {
                return String.format("a client ID must not contain the control character \\u%04x (at %d)", (int) c,
                        i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < clientId.length()
                    && Character.isLowSurrogate(clientId.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("a client ID must not contain the unpaired surrogate \\u%04x (at %d)", (int) c,
                        i);
            }
        }
        return null;
    }

    /** {@code clientId} for an error message: its first characters, control characters and surrogates in hex. */
    public static String printable(String clientId) {
        if (clientId == null) {
            return "null";
        }
        int shown = Math.min(clientId.length(), MAX_LENGTH);
        StringBuilder sb = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = clientId.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (shown < clientId.length()) {
            sb.append("... (").append(clientId.length()).append(" characters)");
        }
        return sb.toString();
    }
}
