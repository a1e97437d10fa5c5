package io.osprey.mq.protocol.frame;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Reads the frame files under {@code src/test/resources/frames/}: lines starting with {@code #} are comments
 * (each file's first line says how it was recorded), the rest is the frame in hex, length prefix included,
 * whitespace ignored.
 */
final class RecordedFrames {
    private RecordedFrames() {
    }

    static byte[] load(String name) {
        String resource = "/frames/" + name + ".hex";
        try (InputStream in = RecordedFrames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no frame file " + resource);
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(line -> !line.startsWith("#"))
                    .map(line -> line.replaceAll("\\s", ""))
                    .collect(Collectors.joining());
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex with spaces and {@code |} allowed for readability, as the reference writes frames. */
    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("[\\s|]", ""));
    }
}
