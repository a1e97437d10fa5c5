package io.osprey.mq.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static PasswordHash hash(char[] password) {
        return PasswordHash.create(password, PasswordHash.MIN_ITERATIONS, RANDOM);
    }

    @Test
    void theSamePasswordHashedTwiceGivesTwoDifferentSaltsAndLines() {
        PasswordHash first = hash(PASSWORD);
        PasswordHash second = hash(PASSWORD);

        assertThat(first.encoded()).isNotEqualTo(second.encoded());
        assertThat(first.encoded().split(":")[2]).isNotEqualTo(second.encoded().split(":")[2]);
        assertThat(first.matches(PASSWORD)).isTrue();
        assertThat(second.matches(PASSWORD)).isTrue();
    }

    @Test
    void matchesTheRightPasswordOnlyAfterARoundTripThroughItsText() {
        PasswordHash parsed = PasswordHash.parse(hash(PASSWORD).encoded());

        assertThat(parsed.matches(PASSWORD)).isTrue();
        assertThat(parsed.matches("correct horse battery stapl".toCharArray())).isFalse();
        assertThat(parsed.matches("Correct horse battery staple".toCharArray())).isFalse();
        assertThat(parsed.matches(new char[0])).isFalse();
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8AndStillMatch() {
        char[] password = "pässwörd-密码".toCharArray();

        assertThat(PasswordHash.parse(hash(password).encoded()).matches(password)).isTrue();
        assertThat(PasswordHash.parse(hash(password).encoded()).matches("passwort-密码".toCharArray())).isFalse();
    }

    @Test
    void theEncodedFormIsAlgorithmIterationsSixteenByteSaltAndThirtyTwoByteHash() {
        String[] parts = PasswordHash.create(PASSWORD, 600_000, RANDOM).encoded().split(":");

        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("600000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    }

    @Test
    void aTamperedHashSaltOrIterationCountNoLongerMatches() {
        String[] parts = hash(PASSWORD).encoded().split(":");
        byte[] hashBytes = Base64.getDecoder().decode(parts[3]);
        hashBytes[hashBytes.length - 1] ^= 1;
        byte[] saltBytes = Base64.getDecoder().decode(parts[2]);
        saltBytes[0] ^= 1;

        String otherHash = String.join(":", parts[0], parts[1], parts[2],
                Base64.getEncoder().encodeToString(hashBytes));
        String otherSalt = String.join(":", parts[0], parts[1], Base64.getEncoder().encodeToString(saltBytes),
                parts[3]);
        String otherIterations = String.join(":", parts[0], "1001", parts[2], parts[3]);

        assertThat(PasswordHash.parse(otherHash).matches(PASSWORD)).isFalse();
        assertThat(PasswordHash.parse(otherSalt).matches(PASSWORD)).isFalse();
        assertThat(PasswordHash.parse(otherIterations).matches(PASSWORD)).isFalse();
    }

    @Test
    void malformedTextIsRejectedSayingWhichPartWithoutQuotingIt() {
        String good = hash(PASSWORD).encoded();
        String[] p = good.split(":");
        String shortSalt = Base64.getEncoder().encodeToString(new byte[15]);
        String shortHash = Base64.getEncoder().encodeToString(new byte[31]);

        assertRejected("secretpassword", "expected pbkdf2-sha256:<iterations>:<salt>:<hash>");
        assertRejected("md5:" + p[1] + ":" + p[2] + ":" + p[3], "the algorithm is not pbkdf2-sha256");
        assertRejected(p[0] + ":many:" + p[2] + ":" + p[3], "the iteration count is not a number");
        assertRejected(p[0] + ":999:" + p[2] + ":" + p[3], "the iteration count is not in 1000..10000000");
        assertRejected(p[0] + ":" + p[1] + ":not*base64:" + p[3], "the salt is not Base64");
        assertRejected(p[0] + ":" + p[1] + ":" + shortSalt + ":" + p[3], "the salt is shorter than 16 bytes");
        assertRejected(p[0] + ":" + p[1] + ":" + p[2] + ":" + shortHash, "the hash is not 32 bytes");
        assertRejected(good + ":extra", "expected pbkdf2-sha256:<iterations>:<salt>:<hash>");
    }

    private static void assertRejected(String text, String reason) {
        assertThatThrownBy(() -> PasswordHash.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @Test
    void anEmptyPasswordOrACostOutOfBoundsIsNeverHashed() {
        assertThatThrownBy(() -> PasswordHash.create(new char[0], PasswordHash.MIN_ITERATIONS, RANDOM))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the password is empty");
        assertThatThrownBy(() -> PasswordHash.create(PASSWORD, PasswordHash.MIN_ITERATIONS - 1, RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.create(PASSWORD, PasswordHash.MAX_ITERATIONS + 1, RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsTheCostButNeitherSaltNorHash() {
        PasswordHash hash = hash(PASSWORD);
        String[] parts = hash.encoded().split(":");

        assertThat(hash.toString()).isEqualTo("pbkdf2-sha256 (1000 iterations)")
                .doesNotContain(parts[2]).doesNotContain(parts[3]);
    }
}
