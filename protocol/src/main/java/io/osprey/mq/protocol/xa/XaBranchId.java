package io.osprey.mq.protocol.xa;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An XA branch's identifier (the X/Open XID): a format identifier, a global transaction identifier of 1 to 64 bytes
 * and a branch qualifier of 0 to 64 bytes. Two are equal when all three are, the bytes compared one by one.
 *
 * <p>In headers it travels as text, {@code formatId:gtrid:bqual} with the byte strings in lower-case hex
 * ({@code 4660:0a0b0c:01}); {@link #parse} reads exactly that form back.
 */
public record XaBranchId(int formatId, byte[] globalTransactionId, byte[] branchQualifier) {
    /** The most bytes of a global transaction identifier or a branch qualifier (XA's MAXGTRIDSIZE, MAXBQUALSIZE). */
    public static final int MAX_ID_BYTES = 64;
    /** The format identifier XA reserves for the null XID, which names no branch. */
    public static final int NULL_FORMAT_ID = -1;
    private static final HexFormat HEX = HexFormat.of();

    /** @throws IllegalArgumentException for the null XID's format or identifiers of the wrong length */
    public XaBranchId {
        Objects.requireNonNull(globalTransactionId, "globalTransactionId");
        Objects.requireNonNull(branchQualifier, "branchQualifier");
        if (formatId == NULL_FORMAT_ID) {
            throw new IllegalArgumentException("format identifier -1 is the null XID, which names no branch");
        }
        if (globalTransactionId.length < 1 || globalTransactionId.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("a global transaction identifier has 1 to " + MAX_ID_BYTES
                    + " bytes, not " + globalTransactionId.length);
        }
        if (branchQualifier.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("a branch qualifier has at most " + MAX_ID_BYTES + " bytes, not "
                    + branchQualifier.length);
        }
        globalTransactionId = globalTransactionId.clone();
        branchQualifier = branchQualifier.clone();
    }

    @Override
    public byte[] globalTransactionId() {
        return globalTransactionId.clone();
    }

    @Override
    public byte[] branchQualifier() {
        return branchQualifier.clone();
    }

    /** The header form, {@code formatId:gtrid:bqual} in lower-case hex. */
    public String text() {
        return formatId + ":" + HEX.formatHex(globalTransactionId) + ":" + HEX.formatHex(branchQualifier);
    }

    /** @throws IllegalArgumentException for text that is not exactly what {@link #text()} writes */
    public static XaBranchId parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("an XA branch identifier is formatId:gtrid:bqual, not '" + text + "'");
        }
        int formatId;
        try {
            formatId = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the format identifier of '" + text + "' is not an int", e);
        }
        return new XaBranchId(formatId, hex(parts[1], text), hex(parts[2], text));
    }

    private static byte[] hex(String part, String text) {
        if (!part.equals(part.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("'" + text + "' is not in lower-case hex");
        }
        try {
            return HEX.parseHex(part);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' holds '" + part + "', which is not hex bytes", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XaBranchId x && formatId == x.formatId
                && Arrays.equals(globalTransactionId, x.globalTransactionId)
                && Arrays.equals(branchQualifier, x.branchQualifier);
    }

    @Override
    public int hashCode() {
        return (formatId * 31 + Arrays.hashCode(globalTransactionId)) * 31 + Arrays.hashCode(branchQualifier);
    }

    @Override
    public String toString() {
        return text();
    }
}
