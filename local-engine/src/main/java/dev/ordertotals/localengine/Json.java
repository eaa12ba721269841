package dev.ordertotals.localengine;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The tools' one JSON mapper (templates, on-failure messages, order files, function responses). */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
