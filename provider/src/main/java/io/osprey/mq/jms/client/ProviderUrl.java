package io.osprey.mq.jms.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a connection factory connects: {@code osprey://host:9876,host2:9876?clientId=app&user=u&password=p}. The
 * NameServers are listed by host and port; options follow as URL query parameters (percent-encoded values).
 * A bare {@code host:port[,host:port]} is accepted too.
 */
public record ProviderUrl(List<String> nameServers, Map<String, String> options) {
    public static final String SCHEME = "osprey://";
    /** Options this version knows; others are refused so that a typo does not pass silently. */
    public static final Set<String> KNOWN_OPTIONS = Set.of("clientId", "user", "password", "prefetch",
            "requestTimeoutMillis", "routeRefreshMillis");
    /** How often a connection re-reads the cluster from the NameServers (option {@value}). */
    public static final String ROUTE_REFRESH_MILLIS = "routeRefreshMillis";
    public static final int DEFAULT_ROUTE_REFRESH_MILLIS = 30_000;

    public ProviderUrl {
        nameServers = List.copyOf(nameServers);
        options = Map.copyOf(options);
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public static ProviderUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty Osprey URL: expected osprey://host:port[,host:port][?options]");
        }
        String rest = url.trim();
        if (rest.startsWith(SCHEME)) {
            rest = rest.substring(SCHEME.length());
        } else if (rest.contains("://")) {
            throw new IllegalArgumentException("not an Osprey URL (expected " + SCHEME + "...): " + url);
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        List<String> servers = new ArrayList<>();
        for (String part : rest.split("[,;]")) {
            String server = part.trim();
            if (server.isEmpty()) {
                continue;
            }
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || colon == server.length() - 1) {
                throw new IllegalArgumentException("NameServer address without host:port in " + url + ": " + server);
            }
            try {
                int port = Integer.parseInt(server.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in NameServer address " + server + " of " + url);
            }
            servers.add(server);
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no NameServer address in " + url);
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!KNOWN_OPTIONS.contains(key)) {
                    throw new IllegalArgumentException("unknown option '" + key + "' in Osprey URL; known: "
                            + new java.util.TreeSet<>(KNOWN_OPTIONS));
                }
                options.put(key, value);
            }
        }
        ProviderUrl parsed = new ProviderUrl(servers, options);
        // checked here, not at the first connection, so that a factory with a bad period is refused at once
        parsed.positiveIntOption(ROUTE_REFRESH_MILLIS, DEFAULT_ROUTE_REFRESH_MILLIS);
        return parsed;
    }

    public String option(String key) {
        String value = options.get(key);
        return value == null || value.isEmpty() ? null : value;
    }

    public int intOption(String key, int defaultValue) {
        String value = option(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " is not a number: " + value);
        }
    }

    /** A positive number option: {@code defaultValue} when absent; zero or less is refused. */
    public int positiveIntOption(String key, int defaultValue) {
        int value = intOption(key, defaultValue);
        if (value <= 0) {
            throw new IllegalArgumentException("option " + key + " must be positive: " + value);
        }
        return value;
    }

    /** The URL as given back (the password left out). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(SCHEME).append(String.join(",", nameServers));
        char sep = '?';
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().equals("password")) {
                out.append(sep).append(e.getKey()).append('=').append(e.getValue());
                sep = '&';
            }
        }
        return out.toString();
    }
}
