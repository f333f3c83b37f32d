package dev.flaregate.openai;

/** OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}, nulls included. */
public record ErrorResponse(Error error) {

    public record Error(String message, String type, String param, String code) {
    }

    public static ErrorResponse of(String message, String type, String param, String code) {
        return new ErrorResponse(new Error(message, type, param, code));
    }
}
