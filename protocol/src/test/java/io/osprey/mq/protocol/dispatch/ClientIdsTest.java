package io.osprey.mq.protocol.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The client IDs a connection may have: what the broker can key subscriptions by, store and log. */
class ClientIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "billing", "billing.service@host-1", "Grüße 世界", "emoji \ud83d\ude00",
        "with inner  spaces", "%|_-/\\,;=#"})
    void acceptsPrintableIdsUpToTheMaximum(String clientId) {
        assertThat(ClientIds.problem(clientId)).isNull();
        assertThat(ClientIds.problem("x".repeat(ClientIds.MAX_LENGTH))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty or blank",
        "' '|empty or blank",
        "' lead'|begin or end with white space",
        "'trail '|begin or end with white space",
        "'a:b'|must not contain ':'",
        "'sub:x'|must not contain ':'"})
    void refusesBlankPaddedOrColonIds(String clientId, String reason) {
        assertThat(ClientIds.problem(clientId)).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000", "sep\u0001", "sep\u0002", "line\nbreak", "tab\tinside", "del\u007f",
        "c1\u0085"})
    void refusesControlCharacters(String clientId) {
        assertThat(ClientIds.problem(clientId)).contains("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "x\udc00", "\ud83d\ud83d\ude00", "end\ud83d"})
    void refusesUnpairedSurrogates(String clientId) {
        assertThat(ClientIds.problem(clientId)).contains("unpaired surrogate");
    }

    @ParameterizedTest
    @ValueSource(ints = {ClientIds.MAX_LENGTH + 1, 100_000})
    void refusesLongerIds(int length) {
        assertThat(ClientIds.problem("x".repeat(length))).contains("at most 255 characters");
        assertThat(ClientIds.printable("x".repeat(length))).hasSizeLessThan(300).endsWith(length + " characters)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "sep\u0001", "\ud800"})
    void printableShowsControlCharactersAndSurrogatesInHex(String clientId) {
        String printable = ClientIds.printable(clientId);
        assertThat(printable).contains("\\u").doesNotContain("\n", "\u0001", "\ud800");
    }
}
