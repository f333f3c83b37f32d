package dev.flaregate.emulator;

import java.util.Map;

/**
 * Workers AI errors the emulator can answer with, with the HTTP status and message Workers AI uses for each
 * (the reference's error catalogue). Codes 1010 and 1015 are the Cloudflare edge's plain-text errors.
 */
record EmulatedError(int code, int status, String message) {

    private static final Map<Integer, EmulatedError> KNOWN = Map.ofEntries(
            entry(1010, 403, "error code: 1010"),
            entry(1015, 429, "error code: 1015"),
            entry(3003, 400, "Request is missing headers or body: body"),
            entry(3006, 413, "Request is too large"),
            entry(3007, 408, "Request timeout"),
            entry(3008, 408, "Request was aborted"),
            entry(3023, 403, "Service unavailable for account"),
            entry(3030, 400, "AiError: AiError: Sequence too long"),
            entry(3036, 429, "You have used up your daily free allocation of 10,000 neurons. Please upgrade to "
                    + "Cloudflare's Workers Paid plan if you would like to continue usage."),
            entry(3040, 429, "Capacity temporarily exceeded, please try again."),
            entry(3041, 403, "The account is not allowed to access this model"),
            entry(3042, 404, "The model name is invalid"),
            entry(4006, 429, "AiError: AiError: you have used up your daily free allocation of 10,000 neurons, "
                    + "please upgrade to Cloudflare's Workers Paid plan if you would like to continue usage."),
            entry(5004, 400, "Invalid data type for base64 input"),
            entry(5006, 400, "AiError: Bad input: emulated schema failure"),
            entry(5007, 400, "No such model or task"),
            entry(5016, 403, "User has not agreed to Llama3.2 model terms"),
            entry(5018, 403, "The account is not allowed to access this model"),
            entry(5035, 403, "This model requires the Workers Paid plan"),
            entry(8005, 500, "AiError: internal server error"),
            entry(10000, 401, "Authentication error"));

    private static Map.Entry<Integer, EmulatedError> entry(int code, int status, String message) {
        return Map.entry(code, new EmulatedError(code, status, message));
    }

    static EmulatedError of(int code) {
        EmulatedError known = KNOWN.get(code);
        return known != null ? known : new EmulatedError(code, 500, "AiError: emulated error " + code);
    }

    static EmulatedError withMessage(int code, String message) {
        return new EmulatedError(code, of(code).status(), message);
    }

    boolean plainText() {
        return code < 2000;
    }
}
