package dev.flaregate.error;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A request body that is not the JSON an endpoint takes, told in plain words: where it went wrong, which field,
 * and what was expected. Jackson's own messages name our Java types and its parser features, which mean nothing to
 * a client and tell an attacker what runs here, so none of their text is passed on; only the client's own input
 * (a field name, a character, a word) is quoted back.
 */
final class JsonFailures {

    private static final Pattern UNEXPECTED = Pattern.compile("^Unexpected character \\('(.+?)' \\(code (\\d+)");
    private static final Pattern CONTROL = Pattern.compile("CTRL-CHAR, code (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("^[^']*'(.*?)'");
    private static final int QUOTED_LENGTH = 40;

    /** Words for Jackson's read limits, which it reports with the name of its own setting. */
    private static final Map<String, String> LIMITS = Map.of(
            "nesting depth", "the JSON is nested too deeply",
            "Number value length", "a number has too many digits",
            "String value length", "a string is too long",
            "Name length", "a field name is too long");

    private JsonFailures() {
    }

    static ApiError toApiError(JsonProcessingException failure) {
        String path = failure instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        JsonProcessingException root = syntaxRoot(failure);
        if (root instanceof InputCoercionException coercion) {
            return ApiError.invalidRequest("'" + path + "' " + range(coercion.getTargetType()), blankToNull(path));
        }
        if (root != null) {
            return syntax(root, path);
        }
        String original = String.valueOf(failure.getOriginalMessage());
        if (path.isEmpty()) {
            return original.startsWith("Trailing token")
                    ? ApiError.invalidRequest(at(failure.getLocation(), path)
                            + "there is more after the end of the JSON object", null)
                    : ApiError.invalidRequest("The request body must be a JSON object", null);
        }
        String expected = failure instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType())
                : null;
        return ApiError.invalidRequest("'" + path + "' " + (expected != null ? "must be " + expected
                : "has a value of the wrong type"), path);
    }

    /** The parser's own failure, if that is what this is, under the layers that added the field's path. */
    private static JsonProcessingException syntaxRoot(JsonProcessingException failure) {
        Throwable cause = failure;
        while (cause instanceof JsonProcessingException json) {
            if (!(json instanceof DatabindException)) {
                return json;
            }
            cause = cause.getCause();
        }
        return null;
    }

    private static ApiError syntax(JsonProcessingException root, String path) {
        String original = String.valueOf(root.getOriginalMessage());
        return ApiError.invalidRequest(at(root.getLocation(), path) + problem(root, original), blankToNull(path));
    }

    private static String problem(JsonProcessingException root, String original) {
        if (root instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
            return "the JSON ends before it is complete";
        }
        if (root instanceof StreamConstraintsException) {
            return LIMITS.entrySet().stream().filter(limit -> original.contains(limit.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("the JSON is too large to read");
        }
        if (original.startsWith("Non-standard token")) {
            return "numbers such as NaN and Infinity are not valid JSON";
        }
        if (original.contains("comment")) {
            return "comments are not allowed in JSON";
        }
        if (original.contains("UTF-8") || original.contains("UTF8")) {
            return "the body is not valid UTF-8 text";
        }
        Matcher control = CONTROL.matcher(original);
        if (control.find()) {
            return "a control character (code " + control.group(1) + ") must be escaped inside a string";
        }
        if (original.startsWith("Invalid numeric value")) {
            return original.contains("Leading zeroes") ? "a number must not start with a zero" : "a malformed number";
        }
        if (original.startsWith("Unrecognized character escape")) {
            return "a string has an invalid escape sequence";
        }
        if (original.startsWith("Unrecognized token")) {
            return "unexpected text '" + quoted(original) + "'";
        }
        if (original.startsWith("Unexpected close marker")) {
            return "unexpected '" + quoted(original) + "'";
        }
        Matcher unexpected = UNEXPECTED.matcher(original);
        if (unexpected.find()) {
            return unexpectedCharacter(unexpected.group(1), original);
        }
        return "the JSON cannot be read";
    }

    private static String unexpectedCharacter(String character, String original) {
        if (character.equals("'")) {
            return "unexpected character \"'\": names and strings take double quotes";
        }
        if ((character.equals("}") || character.equals("]")) && original.contains("double-quote to start field")) {
            return "unexpected character '" + character + "': a comma must be followed by another entry";
        }
        return "unexpected character '" + character + "'";
    }

    /** "Invalid JSON in the request body at line 1, column 12 (in 'messages[0].content'): " */
    private static String at(JsonLocation location, String path) {
        StringBuilder prefix = new StringBuilder("Invalid JSON in the request body");
        if (location != null && location.getLineNr() > 0) {
            prefix.append(" at line ").append(location.getLineNr());
            if (location.getColumnNr() > 0) {
                prefix.append(", column ").append(location.getColumnNr());
            }
        }
        if (!path.isEmpty()) {
            prefix.append(" (in '").append(path).append("')");
        }
        return prefix.append(": ").toString();
    }

    /** The first quoted part of a message: the client's own token or field name, cut short. */
    private static String quoted(String original) {
        Matcher quoted = QUOTED.matcher(original);
        String text = quoted.find() ? quoted.group(1) : "";
        return text.length() > QUOTED_LENGTH ? text.substring(0, QUOTED_LENGTH) + "..." : text;
    }

    private static String range(Class<?> target) {
        if (target == Integer.class || target == int.class) {
            return "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (target == Long.class || target == long.class) {
            return "must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "is out of range";
    }

    /** Says what JSON the client should have sent, without naming our Java types. */
    private static String expected(Class<?> target) {
        if (target == null) {
            return null;
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (target == Integer.class || target == Long.class || target == int.class || target == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "a boolean";
        }
        if (target == String.class) {
            return "a string";
        }
        return target.isRecord() || Map.class.isAssignableFrom(target) ? "an object" : null;
    }

    private static String pathOf(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String blankToNull(String path) {
        return path.isEmpty() ? null : path;
    }
}
