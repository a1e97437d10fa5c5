package io.osprey.mq.protocol.command;

/** The sender's language, one byte in binary headers and an enum name in JSON headers. */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9), PHP(10),
    OMS(11), RUST(12), NODE_JS(13);

    private static final LanguageCode[] BY_CODE = values();
    private final int code;

    LanguageCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Unknown codes read as {@link #OTHER}: the language is informational only. */
    public static LanguageCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** Unknown or missing names read as {@link #OTHER}, as the stock client's lenient parser does. */
    public static LanguageCode ofName(String name) {
        if (name == null) {
            return OTHER;
        }
        for (LanguageCode language : BY_CODE) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return OTHER;
    }
}
