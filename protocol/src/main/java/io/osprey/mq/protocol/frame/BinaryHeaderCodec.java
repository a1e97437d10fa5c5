package io.osprey.mq.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.osprey.mq.protocol.command.LanguageCode;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.SerializeType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compact binary ({@code ROCKETMQ}) header form:
 *
 * <pre>
 *  0      2        3         5        9       13            17
 *  +------+--------+---------+--------+--------+-------------+--------+---------------+-------------------+
 *  | code | lang   | version | opaque | flag   | remarkLength| remark | extFieldsBytes| ext entries ...   |
 *  | i16  | i8     | i16     | i32    | i32    | i32         | bytes  | i32           |                   |
 *  +------+--------+---------+--------+--------+-------------+--------+---------------+-------------------+
 *  ext entry = keyLength:i16 | key | valueLength:i32 | value       (zero-length strings read as null)
 * </pre>
 */
final class BinaryHeaderCodec {
    static final int FIXED_BYTES = 2 + 1 + 2 + 4 + 4;

    private BinaryHeaderCodec() {
    }

    static void encode(RemotingCommand command, ByteBuf out) {
        out.writeShort(command.code());
        out.writeByte(command.language().code());
        out.writeShort(command.version());
        out.writeInt(command.opaque());
        out.writeInt(command.flag());
        if (command.remark() == null) {
            out.writeInt(0);
        } else {
            byte[] remark = command.remark().getBytes(StandardCharsets.UTF_8);
            out.writeInt(remark.length);
            out.writeBytes(remark);
        }
        int sizeIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            if (field.getValue() == null) {
                continue;
            }
            byte[] key = field.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = field.getValue().getBytes(StandardCharsets.UTF_8);
            out.writeShort(key.length);
            out.writeBytes(key);
            out.writeInt(value.length);
            out.writeBytes(value);
        }
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
    }

    /** Reads exactly {@code header}'s readable bytes. */
    static RemotingCommand decode(ByteBuf header, byte[] body) {
        if (header.readableBytes() < FIXED_BYTES + 4) {
            throw new MalformedFrameException("binary header of " + header.readableBytes() + " bytes is too short");
        }
        int code = header.readShort();
        LanguageCode language = LanguageCode.of(header.readByte());
        int version = header.readShort();
        int opaque = header.readInt();
        int flag = header.readInt();
        String remark = string(header, header.readInt(), "remark");
        if (header.readableBytes() < 4) {
            throw new MalformedFrameException("binary header ends before its extFields length");
        }
        int extBytes = header.readInt();
        if (extBytes < 0 || extBytes > header.readableBytes()) {
            throw new MalformedFrameException("binary header extFields length " + extBytes + " exceeds the header");
        }
        Map<String, String> extFields = null;
        if (extBytes > 0) {
            extFields = new LinkedHashMap<>();
            ByteBuf fields = header.readSlice(extBytes);
            while (fields.isReadable()) {
                if (fields.readableBytes() < 2) {
                    throw new MalformedFrameException("binary header extFields entry is truncated");
                }
                String key = string(fields, fields.readUnsignedShort(), "extFields key");
                if (fields.readableBytes() < 4) {
                    throw new MalformedFrameException("binary header extFields entry is truncated");
                }
                String value = string(fields, fields.readInt(), "extFields value");
                if (key != null && value != null) {
                    extFields.put(key, value);
                }
            }
        }
        if (header.isReadable()) {
            throw new MalformedFrameException("binary header has " + header.readableBytes() + " trailing bytes");
        }
        return RemotingCommand.decoded(code, language, version, opaque, flag, remark, extFields, body,
                SerializeType.ROCKETMQ);
    }

    private static String string(ByteBuf in, int length, String what) {
        if (length < 0 || length > in.readableBytes()) {
            throw new MalformedFrameException("binary header " + what + " length " + length + " exceeds the header");
        }
        if (length == 0) {
            return null;
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }
}
