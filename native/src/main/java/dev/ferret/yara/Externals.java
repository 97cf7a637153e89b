package dev.ferret.yara;

import com.sun.jna.Pointer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * External variables: reading the ones a rule set declares (from {@code YR_RULES}, so rules
 * loaded from a file work too), and converting Java values to what libyara expects.
 */
final class Externals {

    /** One declared external: its libyara type and compile-time (default) value. */
    record Declared(String name, int type, Object defaultValue) {
    }

    private Externals() {
    }

    /** The externals declared in {@code rules}, in declaration order. */
    static Map<String, Declared> read(YaraLayout layout, Pointer rules) {
        Map<String, Declared> out = new LinkedHashMap<>();
        Pointer ext = rules.getPointer(layout.rulesExternalsTable());
        if (ext == null) {
            return out;
        }
        while (true) {
            int type = ext.getInt(layout.externalType());
            if (type == YaraLayout.EXTERNAL_TYPE_NULL) {
                return Collections.unmodifiableMap(out);
            }
            String name = NativeStrings.readPointed(ext, layout.externalIdentifier());
            long value = layout.externalValue();
            Object initial = switch (type) {
                case YaraLayout.EXTERNAL_TYPE_INTEGER -> ext.getLong(value);
                case YaraLayout.EXTERNAL_TYPE_BOOLEAN -> ext.getLong(value) != 0;
                case YaraLayout.EXTERNAL_TYPE_FLOAT -> ext.getDouble(value);
                case YaraLayout.EXTERNAL_TYPE_STRING, YaraLayout.EXTERNAL_TYPE_MALLOC_STRING -> {
                    String s = NativeStrings.readPointed(ext, value);
                    yield s == null ? "" : s;
                }
                default -> null;
            };
            if (name != null && initial != null) {
                out.put(name, new Declared(name, type, initial));
            }
            ext = ext.share(layout.externalSize());
        }
    }

    /** {@code value} as the Java type matching {@code declared}'s libyara type. */
    static Object convert(Declared declared, Object value) {
        if (value == null) {
            return declared.defaultValue();
        }
        Object out = switch (declared.type()) {
            case YaraLayout.EXTERNAL_TYPE_STRING, YaraLayout.EXTERNAL_TYPE_MALLOC_STRING ->
                    value instanceof CharSequence s ? s.toString() : null;
            case YaraLayout.EXTERNAL_TYPE_INTEGER -> value instanceof Long || value instanceof Integer
                    || value instanceof Short || value instanceof Byte ? ((Number) value).longValue() : null;
            case YaraLayout.EXTERNAL_TYPE_BOOLEAN -> value instanceof Boolean ? value : null;
            case YaraLayout.EXTERNAL_TYPE_FLOAT -> value instanceof Number n ? n.doubleValue() : null;
            default -> null;
        };
        if (out == null) {
            throw new IllegalArgumentException("external variable " + declared.name() + " is declared as "
                    + typeName(declared.type()) + ", got " + value.getClass().getSimpleName());
        }
        return out;
    }

    /** Checks a compile-time definition and normalises integers to Long. */
    static Object normaliseDefinition(String name, Object value) {
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("external variable " + name + ": unsupported type "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    /** Defines {@code name} on a compiler; returns libyara's error code. */
    static int defineOnCompiler(YaraLibrary lib, Pointer compiler, String name, Object value) {
        byte[] id = NativeStrings.c(name);
        if (value instanceof String s) {
            return lib.yr_compiler_define_string_variable(compiler, id, NativeStrings.c(s));
        }
        if (value instanceof Long l) {
            return lib.yr_compiler_define_integer_variable(compiler, id, l);
        }
        if (value instanceof Boolean b) {
            return lib.yr_compiler_define_boolean_variable(compiler, id, b ? 1 : 0);
        }
        return lib.yr_compiler_define_float_variable(compiler, id, (Double) value);
    }

    /** Sets {@code name} for the next scans of {@code scanner}; returns libyara's error code. */
    static int defineOnScanner(YaraLibrary lib, Pointer scanner, String name, Object value) {
        byte[] id = NativeStrings.c(name);
        if (value instanceof String s) {
            return lib.yr_scanner_define_string_variable(scanner, id, NativeStrings.c(s));
        }
        if (value instanceof Long l) {
            return lib.yr_scanner_define_integer_variable(scanner, id, l);
        }
        if (value instanceof Boolean b) {
            return lib.yr_scanner_define_boolean_variable(scanner, id, b ? 1 : 0);
        }
        return lib.yr_scanner_define_float_variable(scanner, id, (Double) value);
    }

    private static String typeName(int type) {
        return switch (type) {
            case YaraLayout.EXTERNAL_TYPE_INTEGER -> "integer";
            case YaraLayout.EXTERNAL_TYPE_BOOLEAN -> "boolean";
            case YaraLayout.EXTERNAL_TYPE_FLOAT -> "float";
            default -> "string";
        };
    }
}
