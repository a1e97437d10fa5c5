package io.osprey.mq.server.config;

import java.util.Locale;
import java.util.Set;

/** "Did you mean" for an unknown key: the known key fewest edits away, if within two. */
final class KeySuggestion {
    private static final int MAX_EDITS = 2;

    private KeySuggestion() {
    }

    /** {@code ", did you mean listenPort?"}, or empty when no known key is close. */
    static String nearest(String unknown, Set<String> known) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String candidate : known) {
            int distance = editDistance(unknown.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : ", did you mean " + best + "?";
    }

    /** Levenshtein distance, two rows. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
